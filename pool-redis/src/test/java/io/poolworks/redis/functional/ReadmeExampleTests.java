package io.poolworks.redis.functional;

import java.io.IOException;
import java.time.Duration;

import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.poolworks.RateLimit;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's {@code pool-redis} examples, as written there (only the Redis address
 * comes from the test server, and the stream example waits for its entry before it
 * stops).
 */
class ReadmeExampleTests {

    @Test
    void clusterRateLimitExampleShouldRun() throws IOException {
        try (RedisServer server = RedisServer.start()) {
            String uri = server.uri();
            // README begin
            RedisClient redis = RedisClient.create(uri);
            ClusterRateLimit mailLimit = ClusterRateLimit.builder(redis, "mail-provider") // the
                                                                                          // shared
                                                                                          // key
                .rateLimit(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5))
                .onStoreFailure(StoreFailurePolicy.LOCAL) // PAUSE (default) | LOCAL |
                                                          // OPEN
                .requestTimeout(Duration.ofMillis(500)) // the default
                .build();
            WorkerPool mail = WorkerPool.builder("mail").maxWorkers(4).startPermits(mailLimit).build();

            mail.execute(() -> System.out.println("sending"));

            mail.shutdownGracefully();
            mailLimit.close(); // closes the limit's own connection; the client stays
                               // yours
            redis.shutdown();
            // README end
            assertThat(mail.stats().completed()).isEqualTo(1);
            assertThat(mailLimit.stats().permitsTaken()).isEqualTo(1);
        }
    }

    @Test
    void streamSourceExampleShouldRun() throws IOException {
        try (RedisServer server = RedisServer.start()) {
            String uri = server.uri();
            RedisClient producer = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = producer.connect()) {
                connection.sync().xadd("orders", Map.of("order", "42"));
            }
            producer.shutdown();
            // README begin
            WorkerPool ingest = WorkerPool.builder("ingest").maxWorkers(8).queueCapacity(100).build();
            RedisClient redis = RedisClient.create(uri);
            StreamSource orders = StreamSource.builder(redis, "orders") // the stream key
                .group("order-workers") // created, with the stream, if missing
                .consumer("orders-1") // unique per instance, stable across its restarts
                .pool(ingest) // runs the handler
                .handler((entry) -> System.out.println("shipping " + entry.id() + " " + entry.fields()))
                .claimIdle(Duration.ofSeconds(30)) // the default
                .maxDeliveries(5) // the default
                .deadLetter("orders:dead") // the default: <stream>:dead
                .build();
            Conductor app = Conductor.builder("app").worker("orders", orders).build();
            app.start();
            // ... the service runs; to stop it, in this order:
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.stats().acknowledged() == 1);
            app.stop(); // the source stops reading
            ShutdownReport drained = ingest.shutdownGracefully(); // entries that finish
                                                                  // are
                                                                  // acknowledged
            orders.close(); // the last acknowledgements
            redis.shutdown(); // the client stays yours until then
            // README end
            assertThat(drained.clean()).isTrue();
            assertThat(orders.stats().delivered()).isEqualTo(1);
        }
    }

}
