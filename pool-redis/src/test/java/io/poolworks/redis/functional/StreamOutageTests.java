package io.poolworks.redis.functional;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream source whose Redis stops and comes back in the middle of a stream: with its
 * data (append-only file), and without it. Each test has its own server.
 */
class StreamOutageTests {

    private static final String GROUP = "workers";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String stream = "orders:" + UUID.randomUUID();

    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    private final List<AutoCloseable> cleanUps = new ArrayList<>();

    private RedisServer redis;

    private RedisClient client;

    private StatefulRedisConnection<String, String> producer;

    private StreamSource source;

    private void start(String... redisArguments) throws IOException {
        this.redis = RedisServer.start(redisArguments);
        this.cleanUps.add(this.redis);
        // Reconnect soon after a restart (Lettuce's default backs off up to 30 s).
        ClientResources resources = ClientResources.builder()
            .reconnectDelay(Delay.constant(Duration.ofMillis(100)))
            .build();
        this.cleanUps.add(resources::shutdown);
        this.client = RedisClient.create(resources, this.redis.uri());
        this.cleanUps.add(this.client::shutdown);
        this.producer = this.client.connect();
        this.cleanUps.add(this.producer);
        WorkerPool pool = WorkerPool.builder("ingest").minWorkers(2).maxWorkers(2).queueCapacity(10).build();
        this.cleanUps.add(pool::shutdownNow);
        this.source = StreamSource.builder(this.client, this.stream)
            .group(GROUP)
            .consumer("c1")
            .pool(pool)
            .handler((entry) -> {
                Thread.sleep(2);
                this.handled.add(entry.id());
            })
            .claimIdle(Duration.ofSeconds(1))
            .pollTimeout(Duration.ofMillis(200))
            .requestTimeout(Duration.ofMillis(300))
            .build();
        this.cleanUps.add(this.source);
        Conductor conductor = Conductor.builder("test").worker("orders", this.source).build();
        conductor.start();
        this.cleanUps.add(conductor::stop);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = this.cleanUps.size() - 1; i >= 0; i--) {
            this.cleanUps.get(i).close();
        }
    }

    @Test
    void redisRestartedMidStreamShouldBeReconnectedToWithoutLosingAnEntry() throws Exception {
        try (LogCapture log = new LogCapture(StreamSource.class)) {
            start("--appendonly", "yes", "--appendfsync", "always");
            List<String> ids = new ArrayList<>(StreamTesting.add(this.producer, this.stream, "before", 300));
            await().atMost(TIMEOUT).until(() -> this.handled.size() >= 100);

            this.redis.stop();
            await().atMost(TIMEOUT).until(() -> !this.source.stats().reachable());
            await().atMost(TIMEOUT)
                .alias("how long Redis has been unreachable, growing during the outage")
                .until(() -> this.source.stats().unreachableFor().compareTo(Duration.ofMillis(500)) > 0);
            this.redis.restart();
            ids.addAll(StreamTesting.add(this.producer, this.stream, "after", 200));

            await().atMost(TIMEOUT)
                .until(() -> this.handled.containsAll(ids)
                        && StreamTesting.pending(this.producer, this.stream, GROUP) == 0);
            await().atMost(TIMEOUT).until(() -> this.source.stats().reachable());
            StreamSourceStats stats = this.source.stats();
            assertThat(stats.unreachableFor()).as("no outage under way").isZero();
            System.out.println("restart: " + stats);
            assertThat(stats.readErrors() + stats.ackErrors()).as("failures seen while Redis was down").isPositive();
            assertThat(stats.outages()).isPositive();
            assertThat(log.messages(Level.WARN, "cannot reach Redis")).as("each outage logged once as it begins")
                .hasSize((int) stats.outages());
            assertThat(log.messages(Level.INFO, "reaches Redis again")).as("each outage logged once as it ends")
                .hasSize((int) stats.outages());
        }
    }

    @Test
    void redisRestartedWithoutItsDataShouldGetTheGroupCreatedAgainAndNewEntriesHandled() throws Exception {
        try (LogCapture log = new LogCapture(StreamSource.class)) {
            start();
            List<String> before = StreamTesting.add(this.producer, this.stream, "before", 50);
            await().atMost(TIMEOUT).until(() -> this.handled.containsAll(before));

            this.redis.stop();
            await().atMost(TIMEOUT).until(() -> !this.source.stats().reachable());
            this.redis.restart();
            await().atMost(TIMEOUT).until(() -> !log.messages(Level.WARN, "consumer group is missing").isEmpty());
            List<String> after = StreamTesting.add(this.producer, this.stream, "after", 50);

            await().atMost(TIMEOUT)
                .until(() -> this.handled.containsAll(after)
                        && StreamTesting.pending(this.producer, this.stream, GROUP) == 0);
        }
    }

}
