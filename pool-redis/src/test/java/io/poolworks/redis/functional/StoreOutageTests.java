package io.poolworks.redis.functional;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.poolworks.PoolStats;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.ClusterRateLimitStats;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool with a cluster rate limit while its Redis stalls ({@code CLIENT PAUSE}) or stops
 * and comes back. Each test has its own server, since a pause cannot be ended early.
 */
class StoreOutageTests {

    private static final RateLimit GENEROUS = RateLimit.of(1_000, Duration.ofSeconds(1)).withBurst(100);

    private RedisServer redis;

    private ClientResources resources;

    private RedisClient client;

    private ClusterRateLimit limit;

    private WorkerPool pool;

    private final Queue<Long> starts = new ConcurrentLinkedQueue<>();

    private final Runnable task = () -> this.starts.add(System.currentTimeMillis());

    @BeforeEach
    void startRedis() throws IOException {
        this.redis = RedisServer.start();
        // Reconnect soon after a restart (Lettuce's default backs off up to 30 s).
        this.resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
        this.client = RedisClient.create(this.resources, this.redis.uri());
        this.client.setOptions(ClientOptions.builder().build());
    }

    @AfterEach
    void stopAll() {
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
        if (this.limit != null) {
            this.limit.close();
        }
        this.client.shutdown();
        this.resources.shutdown();
        this.redis.close();
    }

    private String key() {
        return "test:" + UUID.randomUUID();
    }

    private WorkerPool pool(ClusterRateLimit limit) {
        this.limit = limit;
        this.pool = WorkerPool.builder("mail")
            .minWorkers(2)
            .maxWorkers(2)
            .queueCapacity(100)
            .startPermits(limit)
            .build();
        return this.pool;
    }

    @Test
    void tryExecuteWhileRedisIsPausedShouldStayPromptAndStartNothingUnderPause() throws Exception {
        ClusterRateLimit limit = ClusterRateLimit.builder(this.client, key())
            .rateLimit(GENEROUS)
            .requestTimeout(Duration.ofSeconds(2))
            .build();
        PermitsEntered entered = new PermitsEntered(limit);
        this.limit = limit;
        this.pool = WorkerPool.builder("mail")
            .minWorkers(2)
            .maxWorkers(2)
            .queueCapacity(100)
            .startPermits(entered)
            .build();
        long pausedAt = System.currentTimeMillis();
        this.redis.pause(Duration.ofSeconds(3));
        entered.arm();
        this.pool.execute(this.task);
        // A worker now waits for Redis (up to the 2 s request timeout): submitters must
        // not.
        entered.awaitEntered();
        long begin = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(this.pool.tryExecute(this.task)).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("20 tryExecute calls")
            .isLessThan(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> this.pool.stats().completed() == 21);
        // The pause ends 3 s after Redis received it, hence after pausedAt + 3 s.
        assertThat(this.starts).hasSize(21)
            .allSatisfy((start) -> assertThat(start).isGreaterThanOrEqualTo(pausedAt + 2_900));
        PoolStats stats = this.pool.stats();
        assertThat(stats.workers()).as("no worker died").isEqualTo(2);
        assertThat(stats.failed()).isZero();
        assertThat(stats.permitErrors()).as("the pool counted the failures").isPositive();
        ClusterRateLimitStats limitStats = limit.stats();
        assertThat(limitStats.storeErrors()).isPositive();
        assertThat(limitStats.outages()).isEqualTo(1);
        assertThat(limitStats.storeReachable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(names = { "LOCAL", "OPEN" })
    void startsWhileRedisIsPausedShouldContinueUnderLocalOrOpen(StoreFailurePolicy policy) throws Exception {
        WorkerPool pool = pool(ClusterRateLimit.builder(this.client, key())
            .rateLimit(GENEROUS)
            .onStoreFailure(policy)
            .requestTimeout(Duration.ofMillis(300))
            .build());
        long pausedAt = System.currentTimeMillis();
        this.redis.pause(Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            pool.execute(this.task);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.stats().completed() == 3);
        // The pause ends 5 s after Redis received it: these started during the pause.
        assertThat(this.starts).hasSize(3).allSatisfy((start) -> assertThat(start).isLessThan(pausedAt + 5_000));
        assertThat(this.limit.stats().outages()).isEqualTo(1);
        assertThat(this.limit.stats().storeErrors()).isPositive();
        assertThat(pool.stats().workers()).isEqualTo(2);
    }

    @Test
    void startsWhenRedisStopsAndComesBackShouldResumeAndLogTheOutageOnce() throws Exception {
        try (LogCapture log = new LogCapture(ClusterRateLimit.class)) {
            WorkerPool pool = pool(ClusterRateLimit.builder(this.client, key())
                .rateLimit(GENEROUS)
                .requestTimeout(Duration.ofMillis(300))
                .build());
            pool.submit(this.task).get();
            this.redis.stop();
            for (int i = 0; i < 5; i++) {
                pool.execute(this.task);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> this.limit.stats().storeErrors() >= 3);
            assertThat(this.limit.storeReachable()).isFalse();
            assertThat(pool.stats().completed()).as("nothing starts while Redis is down").isEqualTo(1);
            List<String> began = log.messages(Level.WARN, "cannot reach Redis");
            assertThat(began).hasSize(1);
            assertThat(began.get(0)).contains(this.limit.key()).contains("PAUSE");

            this.redis.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().completed() == 6);
            assertThat(this.limit.storeReachable()).isTrue();
            assertThat(this.limit.stats().outages()).isEqualTo(1);
            assertThat(log.messages(Level.WARN, "cannot reach Redis")).hasSize(1);
            assertThat(log.messages(Level.INFO, "reaches Redis again")).hasSize(1);
            assertThat(pool.stats().workers()).isEqualTo(2);
        }
    }

}
