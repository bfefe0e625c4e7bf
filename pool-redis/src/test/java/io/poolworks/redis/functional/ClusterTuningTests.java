package io.poolworks.redis.functional;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a service (two pools, each with its own cluster limit on one key): a
 * change of limit made on one changes the rate of the other.
 */
class ClusterTuningTests {

    /** One start per 10 s: 10 tasks would take 90 s. */
    private static final RateLimit SLOW = RateLimit.of(1, Duration.ofSeconds(10)).withBurst(1);

    private static final RateLimit FAST = RateLimit.of(100, Duration.ofSeconds(1)).withBurst(10);

    private static RedisServer redis;

    private static RedisClient client;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
        client = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        redis.close();
    }

    private final List<WorkerPool> pools = new ArrayList<>();

    /** A pool that the test stops at once at the end: its backlog may be 90 s long. */
    private WorkerPool pool(ClusterRateLimit limit) {
        WorkerPool pool = WorkerPool.builder("mail").maxWorkers(2).queueCapacity(10).startPermits(limit).build();
        this.pools.add(pool);
        return pool;
    }

    @AfterEach
    void stopPools() {
        this.pools.forEach(WorkerPool::shutdownNow);
    }

    @Test
    void withRateLimitOnOneInstanceShouldChangeTheRateOfAnother() throws Exception {
        String key = "test:" + UUID.randomUUID();
        try (ClusterRateLimit a = ClusterRateLimit.builder(client, key).rateLimit(SLOW).build();
                ClusterRateLimit b = ClusterRateLimit.builder(client, key).rateLimit(SLOW).build()) {
            WorkerPool poolB = pool(b);
            for (int i = 0; i < 10; i++) {
                poolB.execute(() -> {
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> poolB.stats().completed() == 1);
            a.withRateLimit(FAST);
            await().atMost(Duration.ofSeconds(10)).until(() -> poolB.stats().completed() == 10);
            assertThat(b.rateLimit()).isEqualTo(FAST);
        }
    }

    @Test
    void tuningRateLimitOfOnePoolShouldChangeTheRateOfAnotherInstance() throws Exception {
        String key = "test:" + UUID.randomUUID();
        try (ClusterRateLimit a = ClusterRateLimit.builder(client, key).rateLimit(SLOW).build();
                ClusterRateLimit b = ClusterRateLimit.builder(client, key).rateLimit(SLOW).build()) {
            WorkerPool poolA = pool(a);
            WorkerPool poolB = pool(b);
            for (int i = 0; i < 10; i++) {
                poolB.execute(() -> {
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> poolB.stats().completed() == 1);
            poolA.tuning().rateLimit(FAST);
            await().atMost(Duration.ofSeconds(10)).until(() -> poolB.stats().completed() == 10);
            assertThat(a.rateLimit()).as("the store holds the new limit").isEqualTo(FAST);
            assertThat(b.rateLimit()).isEqualTo(FAST);
        }
    }

}
