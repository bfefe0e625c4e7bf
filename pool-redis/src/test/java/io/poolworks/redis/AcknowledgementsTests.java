package io.poolworks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledgements go in batches: while one {@code XACK} is under way (here held by a
 * paused Redis), the entries that finish meanwhile wait and go in the next one.
 */
class AcknowledgementsTests {

    @Test
    void acknowledgementsWhileOneIsUnderWayShouldGoTogetherInTheNextXack() throws IOException, InterruptedException {
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                StreamSettings settings = new StreamSettings("orders", "workers", "c1", "orders:dead",
                        Duration.ofSeconds(30), 5, 100, Duration.ofSeconds(1), Duration.ofSeconds(5));
                connection.sync()
                    .xgroupCreate(StreamOffset.from("orders", "0"), "workers", XGroupCreateArgs.Builder.mkstream());
                for (int i = 0; i < 101; i++) {
                    connection.sync().xadd("orders", Map.of("n", Integer.toString(i)));
                }
                List<String> ids = connection.sync()
                    .xreadgroup(Consumer.from("workers", "c1"), XReadArgs.Builder.count(101),
                            StreamOffset.lastConsumed("orders"))
                    .stream()
                    .map((message) -> message.getId())
                    .toList();
                InFlight inFlight = new InFlight();
                ids.forEach(inFlight::hold);
                StreamCounters counters = new StreamCounters();
                Acknowledgements acks = new Acknowledgements(new StreamCommands(connection.async(), settings),
                        settings.requestTimeout(), inFlight, counters, new Outage(settings));
                redis.command("CONFIG", "RESETSTAT");

                // The first XACK waits in the paused server; the other 100 queue behind
                // it.
                redis.pause(Duration.ofMillis(500));
                ids.forEach(acks::ack);
                assertThat(acks.flush(Duration.ofSeconds(10))).isTrue();

                assertThat(xackCalls(redis)).isEqualTo(2);
                assertThat(counters.acknowledged.sum()).isEqualTo(101);
                assertThat(inFlight.size()).as("released once confirmed").isZero();
                assertThat(connection.sync().xpending("orders", "workers").getCount()).isZero();
            }
            finally {
                client.shutdown();
            }
        }
    }

    private static long xackCalls(RedisServer redis) {
        return redis.command("INFO", "commandstats")
            .lines()
            .filter((line) -> line.startsWith("cmdstat_xack:"))
            .map((line) -> line.substring(line.indexOf("calls=") + 6, line.indexOf(',')))
            .mapToLong(Long::parseLong)
            .findFirst()
            .orElse(0L);
    }

}
