package io.poolworks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.poolworks.RateLimit;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for what a {@link ClusterRateLimit} answers while its Redis is stopped, under
 * each {@link StoreFailurePolicy}, and for its return to the shared bucket.
 */
class StoreFailurePolicyTests {

    /** Two starts, then one per 10 s: a local bucket of it is empty after two. */
    private static final RateLimit TWO_THEN_SLOW = RateLimit.of(1, Duration.ofSeconds(10)).withBurst(2);

    private static RedisServer redis;

    private static ClientResources resources;

    private static RedisClient client;

    private ClusterRateLimit limit;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
        resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
        client = RedisClient.create(resources, redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        resources.shutdown();
        redis.close();
    }

    @BeforeEach
    void restartRedis() throws IOException {
        if (!redis.isRunning()) {
            redis.restart();
        }
    }

    @AfterEach
    void closeLimit() {
        if (this.limit != null) {
            this.limit.close();
        }
    }

    private ClusterRateLimit limit(StoreFailurePolicy policy) {
        this.limit = ClusterRateLimit.builder(client, "test:" + UUID.randomUUID())
            .rateLimit(TWO_THEN_SLOW)
            .onStoreFailure(policy)
            .requestTimeout(Duration.ofMillis(300))
            .build();
        return this.limit;
    }

    @Test
    void tryAcquireUnderPauseWhileRedisIsDownShouldThrow() {
        ClusterRateLimit limit = limit(StoreFailurePolicy.PAUSE);
        redis.stop();
        assertThatIllegalStateException().isThrownBy(limit::tryAcquire).withMessageContaining("cannot reach Redis");
        assertThatIllegalStateException().isThrownBy(limit::tryAcquire).withMessageContaining("cannot reach Redis");
        assertThat(limit.storeReachable()).isFalse();
        assertThat(limit.stats().outages()).isEqualTo(1);
        assertThat(limit.stats().storeErrors()).isPositive();
        assertThat(limit.stats().permitsTaken()).isZero();
    }

    @Test
    void tryAcquireUnderLocalWhileRedisIsDownShouldApplyTheSameLimitLocally() {
        ClusterRateLimit limit = limit(StoreFailurePolicy.LOCAL);
        redis.stop();
        assertThat(limit.tryAcquire()).isZero();
        assertThat(limit.tryAcquire()).isZero();
        assertThat(limit.tryAcquire()).as("the local bucket's burst is used").isPositive();
        assertThat(limit.stats().permitsTaken()).isEqualTo(2);
        assertThat(limit.stats().waits()).isEqualTo(1);
    }

    @Test
    void tryAcquireUnderOpenWhileRedisIsDownShouldNotLimit() {
        ClusterRateLimit limit = limit(StoreFailurePolicy.OPEN);
        redis.stop();
        for (int i = 0; i < 5; i++) {
            assertThat(limit.tryAcquire()).isZero();
        }
        assertThat(limit.stats().permitsTaken()).isEqualTo(5);
    }

    @Test
    void tryAcquireWhenRedisComesBackShouldReturnToTheSharedBucket() throws IOException {
        ClusterRateLimit limit = limit(StoreFailurePolicy.OPEN);
        redis.stop();
        assertThat(limit.tryAcquire()).isZero();
        assertThat(limit.storeReachable()).isFalse();
        redis.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> limit.tryAcquire() >= 0L && limit.storeReachable());
        // Back on the shared bucket (a new, full one: Redis lost it): two permits, then a
        // wait.
        limit.tryAcquire();
        limit.tryAcquire();
        assertThat(limit.tryAcquire()).isPositive();
        assertThat(limit.stats().outages()).isEqualTo(1);
    }

    @Test
    void withRateLimitWhileRedisIsDownShouldThrowAndKeepTheLimit() {
        ClusterRateLimit limit = limit(StoreFailurePolicy.PAUSE);
        redis.stop();
        RateLimit faster = RateLimit.of(100, Duration.ofSeconds(1));
        assertThatIllegalStateException().isThrownBy(() -> limit.withRateLimit(faster))
            .withMessageContaining("could not change its limit");
        assertThat(limit.rateLimit()).isEqualTo(TWO_THEN_SLOW);
    }

}
