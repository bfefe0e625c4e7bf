package io.poolworks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.poolworks.RateLimit;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ClusterRateLimit} against a real Redis: the permit protocol, the key's
 * expiry and a change of limit seen by another instance.
 */
class ClusterRateLimitTests {

    private static final long SECOND = 1_000_000_000L;

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

    private static String newKey() {
        return "test:" + UUID.randomUUID();
    }

    private static ClusterRateLimit limit(String key, RateLimit rateLimit) {
        return ClusterRateLimit.builder(client, key).rateLimit(rateLimit).build();
    }

    @Test
    void tryAcquireWhenTheBurstIsUsedShouldAnswerTheWaitForTheNextPermit() {
        try (ClusterRateLimit limit = limit(newKey(), RateLimit.of(1, Duration.ofSeconds(10)).withBurst(3))) {
            assertThat(limit.tryAcquire()).isZero();
            assertThat(limit.tryAcquire()).isZero();
            assertThat(limit.tryAcquire()).isZero();
            // The next token is 10 s away; the answer is capped at one second.
            assertThat(limit.tryAcquire()).isEqualTo(SECOND);
            ClusterRateLimitStats stats = limit.stats();
            assertThat(stats.permitsTaken()).isEqualTo(3);
            assertThat(stats.waits()).isEqualTo(1);
            assertThat(stats.storeErrors()).isZero();
            assertThat(stats.storeReachable()).isTrue();
            // The build wrote the limit, then one round trip per answer.
            assertThat(stats.roundTrips()).isEqualTo(5);
            assertThat(stats.roundTripNanos()).isPositive();
            assertThat(stats.maxRoundTripNanos()).isPositive().isLessThanOrEqualTo(stats.roundTripNanos());
        }
    }

    @Test
    void tryAcquireWhenTwoInstancesShareTheKeyShouldShareTheBurst() {
        String key = newKey();
        RateLimit rateLimit = RateLimit.of(1, Duration.ofSeconds(10)).withBurst(2);
        try (ClusterRateLimit a = limit(key, rateLimit); ClusterRateLimit b = limit(key, rateLimit)) {
            assertThat(a.tryAcquire()).isZero();
            assertThat(b.tryAcquire()).isZero();
            assertThat(a.tryAcquire()).isPositive();
            assertThat(b.tryAcquire()).isPositive();
        }
    }

    @Test
    void releaseShouldGiveThePermitBackToTheSharedBucket() {
        String key = newKey();
        RateLimit rateLimit = RateLimit.of(1, Duration.ofSeconds(10)).withBurst(1);
        try (ClusterRateLimit a = limit(key, rateLimit); ClusterRateLimit b = limit(key, rateLimit)) {
            assertThat(a.tryAcquire()).isZero();
            assertThat(b.tryAcquire()).as("the only token is taken").isPositive();
            a.release();
            assertThat(b.tryAcquire()).as("the token given back").isZero();
            assertThat(a.stats().permitsReturned()).isEqualTo(1);
        }
    }

    @Test
    void releaseWhenTheLastCallTookNothingShouldDoNothing() {
        String key = newKey();
        try (ClusterRateLimit limit = limit(key, RateLimit.of(1, Duration.ofSeconds(10)).withBurst(1))) {
            assertThat(limit.tryAcquire()).isZero();
            assertThat(limit.tryAcquire()).isPositive();
            limit.release();
            assertThat(limit.tryAcquire()).isPositive();
            assertThat(limit.stats().permitsReturned()).isZero();
        }
    }

    @Test
    void tryAcquireShouldLetTheKeyExpireOnceTheBucketWouldBeFullAgain() {
        String key = newKey();
        try (ClusterRateLimit limit = limit(key, RateLimit.of(1, Duration.ofSeconds(10)).withBurst(1))) {
            assertThat(limit.tryAcquire()).isZero();
            long ttl = Long.parseLong(redis.command("PTTL", key));
            // Empty now: full again in 10 s, then kept for a while.
            assertThat(ttl).isPositive()
                .isGreaterThan(RedisStore.KEEP_AFTER_REFILL.toMillis())
                .isLessThanOrEqualTo(Duration.ofSeconds(10).plus(RedisStore.KEEP_AFTER_REFILL).toMillis());
        }
    }

    @Test
    void withRateLimitOnOneInstanceShouldChangeTheLimitAnotherInstanceSees() {
        String key = newKey();
        RateLimit slow = RateLimit.of(1, Duration.ofHours(1)).withBurst(1);
        RateLimit fast = RateLimit.of(1_000, Duration.ofSeconds(1)).withBurst(100);
        try (ClusterRateLimit a = limit(key, slow); ClusterRateLimit b = limit(key, slow)) {
            assertThat(b.tryAcquire()).isZero();
            assertThat(b.tryAcquire()).as("an hour to wait, capped").isEqualTo(SECOND);
            assertThat(a.withRateLimit(fast)).isSameAs(a);
            assertThat(a.rateLimit()).isEqualTo(fast);
            // B learns the new limit from the bucket on its next start, and starts at the
            // new rate.
            long wait = b.tryAcquire();
            assertThat(b.rateLimit()).isEqualTo(fast);
            assertThat(wait).as("at most one token at 1,000/s").isLessThanOrEqualTo(1_000_000L);
            assertThat(b.stats().rateLimit()).isEqualTo(fast);
        }
    }

    @Test
    void buildShouldWriteItsLimitSoThatTheInstanceStartedLastDecides() {
        String key = newKey();
        RateLimit first = RateLimit.of(10, Duration.ofSeconds(1));
        RateLimit second = RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5);
        try (ClusterRateLimit a = limit(key, first)) {
            assertThat(a.tryAcquire()).isZero();
            try (ClusterRateLimit b = limit(key, second)) {
                assertThat(a.tryAcquire()).isZero();
                assertThat(a.rateLimit()).isEqualTo(second);
                assertThat(b.rateLimit()).isEqualTo(second);
            }
        }
    }

    @Test
    void builderWithAUriShouldKeepTheBucketWhereTheUriSays() {
        String key = newKey();
        RedisURI database3 = RedisURI.create(redis.uri() + "/3");
        try (ClusterRateLimit limit = ClusterRateLimit.builder(client, database3, key)
            .rateLimit(RateLimit.of(1, Duration.ofSeconds(10)))
            .build()) {
            assertThat(limit.tryAcquire()).isZero();
            assertThat(redis.command("EXISTS", key)).as("not in database 0").isEqualTo("0");
            assertThat(redis.command("INFO", "keyspace")).contains("db3:keys=1");
        }
    }

    @Test
    void tryAcquireAfterCloseShouldFailWithoutAnOutage() {
        ClusterRateLimit limit = limit(newKey(), RateLimit.of(1, Duration.ofSeconds(10)));
        limit.close();
        assertThatIllegalStateException().isThrownBy(limit::tryAcquire).withMessageContaining("is closed");
        assertThat(limit.stats().outages()).isZero();
    }

    @Test
    void closeWhenClosedAlreadyShouldDoNothing() {
        ClusterRateLimit limit = limit(newKey(), RateLimit.of(1, Duration.ofSeconds(10)));
        limit.close();
        limit.close();
        assertThatIllegalStateException().isThrownBy(limit::tryAcquire).withMessageContaining("is closed");
        // The client stays usable: only the limit's own connection was closed, once.
        assertThat(client.connect().sync().ping()).isEqualTo("PONG");
    }

    @Test
    void roundTripListenerShouldBeToldEachRoundTrip() {
        List<Long> roundTrips = new CopyOnWriteArrayList<>();
        try (ClusterRateLimit limit = ClusterRateLimit.builder(client, newKey())
            .rateLimit(RateLimit.of(1, Duration.ofSeconds(10)).withBurst(2))
            .roundTripListener((nanos) -> {
                roundTrips.add(nanos);
                throw new IllegalStateException("A listener that fails does not fail the limit");
            })
            .build()) {
            assertThat(limit.tryAcquire()).isZero();
            assertThat(limit.tryAcquire()).isZero();
            assertThat(limit.tryAcquire()).isPositive();
            ClusterRateLimitStats stats = limit.stats();
            // The build's write and three answers.
            assertThat(roundTrips).hasSize(4).allSatisfy((nanos) -> assertThat(nanos).isPositive());
            assertThat(stats.roundTrips()).isEqualTo(roundTrips.size());
            assertThat(roundTrips.stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.roundTripNanos());
        }
    }

    @Test
    void statsShouldDescribeTheLimit() {
        String key = newKey();
        RateLimit rateLimit = RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5);
        try (ClusterRateLimit limit = ClusterRateLimit.builder(client, key)
            .rateLimit(rateLimit)
            .onStoreFailure(StoreFailurePolicy.LOCAL)
            .build()) {
            ClusterRateLimitStats stats = limit.stats();
            assertThat(stats.key()).isEqualTo(key).isEqualTo(limit.key());
            assertThat(stats.onStoreFailure()).isEqualTo(StoreFailurePolicy.LOCAL).isEqualTo(limit.onStoreFailure());
            assertThat(stats.rateLimit()).isEqualTo(rateLimit).isEqualTo(limit.rateLimit());
            assertThat(stats.storeReachable()).isTrue();
            assertThat(stats.outages()).isZero();
            assertThat(limit)
                .hasToString("ClusterRateLimit(key=" + key + ", rateLimit=" + rateLimit + ", onStoreFailure=LOCAL)");
        }
    }

}
