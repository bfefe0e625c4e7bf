package io.poolworks.spring.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.poolworks.AdaptiveLimit;
import io.poolworks.PoolState;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.actuate.PoolsEndpoint.AdaptiveLimitDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.PoolDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.RateLimitDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.ViolationDescriptor;
import io.poolworks.spring.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolsEndpoint}'s write operation on real pools: what each value does,
 * and that an invalid request names every violation and changes nothing.
 */
class PoolsEndpointTests {

    private final WorkerPool pool = WorkerPool.builder("emails").minWorkers(1).maxWorkers(4).queueCapacity(10).build();

    private final PoolsEndpoint endpoint = endpoint(this.pool);

    @AfterEach
    void closePool() {
        this.pool.close();
    }

    @Test
    void tuneWhenSizesAndCapacityAreValidShouldApplyThemAndAnswerThePool() {
        PoolDescriptor tuned = new TuningWrite().minWorkers(2)
            .maxWorkers(8)
            .queueCapacity(100)
            .on(this.endpoint, "emails");
        assertThat(this.pool.stats().minWorkers()).isEqualTo(2);
        assertThat(this.pool.stats().maxWorkers()).isEqualTo(8);
        assertThat(this.pool.stats().queueCapacity()).isEqualTo(100);
        assertThat(tuned.settings().minWorkers()).isEqualTo(2);
        assertThat(tuned.settings().maxWorkers()).isEqualTo(8);
        assertThat(tuned.settings().queueCapacity()).isEqualTo(100);
    }

    @Test
    void tuneWhenOnlyMaxWorkersIsGivenShouldKeepMinWorkers() {
        new TuningWrite().maxWorkers(6).on(this.endpoint, "emails");
        assertThat(this.pool.stats().minWorkers()).isEqualTo(1);
        assertThat(this.pool.stats().maxWorkers()).isEqualTo(6);
    }

    @Test
    void tuneWhenPoolIsUnknownShouldAnswerNull() {
        assertThat(new TuningWrite().maxWorkers(6).on(this.endpoint, "sms")).isNull();
    }

    @Test
    void tuneWhenMaxWorkersIsBelowMinWorkersShouldNameTheRuleAndChangeNothing() {
        assertRejected(new TuningWrite().minWorkers(4).maxWorkers(2).queueCapacity(50),
                "maxWorkers must be >= minWorkers (4) but was 2 for pool 'emails'");
    }

    @Test
    void tuneWhenMinWorkersAloneExceedsMaxWorkersShouldSayWhatThePoolSays() {
        assertRejected(new TuningWrite().minWorkers(5),
                "maxWorkers must be >= minWorkers (5) but was 4 for pool 'emails'");
    }

    @Test
    void tuneWhenASizeExceedsTheCeilingShouldNameThePoolsBound() {
        assertRejected(new TuningWrite().maxWorkers(40_000),
                "maxWorkers must be <= 32767 but was 40000 for pool 'emails'");
    }

    @Test
    void tuneWhenTheRateIsAboveOnePerNanosecondShouldBeRefusedAndChangeNothing() {
        assertRejected(new TuningWrite().maxWorkers(8).queueCapacity(50).permits(2_000).period("1us"),
                "permits must be at most one per nanosecond of the period (1000 for PT0.000001S) but was 2000 for "
                        + "pool 'emails'");
    }

    @Test
    void tuneShouldLogTheChangeWithThePrincipalAtInfo() {
        Principal alice = () -> "alice";
        try (LogCapture log = LogCapture.of(PoolsEndpoint.class)) {
            this.endpoint.tune("emails", 2, 8, null, null, null, null, null, "pause", null, null,
                    new SecurityContext() {
                        @Override
                        public Principal getPrincipal() {
                            return alice;
                        }

                        @Override
                        public boolean isUserInRole(String role) {
                            return false;
                        }
                    });
            new TuningWrite().action("resume").on(this.endpoint, "emails");
            new TuningWrite().action("resume").on(this.endpoint, "emails");
            assertThat(log.messages(Level.INFO)).containsExactly(
                    "Pool 'emails' tuned through the pools endpoint by 'alice': min-workers 1 -> 2, max-workers 4 -> 8, "
                            + "paused false -> true",
                    "Pool 'emails' tuned through the pools endpoint: paused true -> false",
                    "Pool 'emails' tuned through the pools endpoint: no change");
        }
    }

    @Test
    void tuneWhenValuesAreNegativeShouldNameEveryOneAndChangeNothing() {
        InvalidTuningException ex = assertRejected(new TuningWrite().minWorkers(-1).maxWorkers(0).queueCapacity(-5),
                "minWorkers must be >= 0 but was -1 for pool 'emails'; "
                        + "maxWorkers must be >= 1 but was 0 for pool 'emails'; "
                        + "queueCapacity must be >= 0 but was -5 for pool 'emails'");
        assertThat(ex.descriptor().violations()).extracting(ViolationDescriptor::field, ViolationDescriptor::value)
            .containsExactly(tuple("minWorkers", -1), tuple("maxWorkers", 0), tuple("queueCapacity", -5));
    }

    @Test
    void tuneWhenValuesHaveTheWrongTypeShouldNameEachRuleAndChangeNothing() {
        PoolDescriptor before = this.endpoint.pool("emails");
        TuningRequest request = new TuningRequest("many", 2.5, "20", null, 1000, null, "yes", 7, null, null);
        Throwable thrown = catchThrowable(() -> this.endpoint.tune("emails", request, null));
        assertThat(thrown).isInstanceOf(InvalidTuningException.class);
        assertThat(((InvalidTuningException) thrown).descriptor().violations()).extracting(ViolationDescriptor::reason)
            .containsExactly("minWorkers must be a whole number but was 'many' for pool 'emails'",
                    "maxWorkers must be a whole number but was 2.5 for pool 'emails'",
                    "period must be a duration such as 500ms, 1s or PT1S but was 1000 for pool 'emails'",
                    "removeRateLimit must be true or false but was 'yes' for pool 'emails'",
                    "action must be one of [pause, resume] but was 7 for pool 'emails'",
                    "permits must be set because the pool has no rate limit to change for pool 'emails'");
        assertThat(this.endpoint.pool("emails").settings()).isEqualTo(before.settings());
    }

    @Test
    void tuneWhenNumbersComeAsTextShouldAcceptThem() {
        this.endpoint.tune("emails", new TuningRequest(null, "6", " 30 ", null, null, null, null, null, null, null),
                null);
        assertThat(this.pool.stats().maxWorkers()).isEqualTo(6);
        assertThat(this.pool.stats().queueCapacity()).isEqualTo(30);
    }

    @Test
    void tuneWhenASizeExceedsAnIntShouldNameTheBound() {
        Throwable thrown = catchThrowable(() -> this.endpoint.tune("emails",
                new TuningRequest(null, null, 3_000_000_000L, null, null, null, null, null, null, null), null));
        assertThat(thrown).hasMessage("queueCapacity must be <= 2147483647 but was 3000000000 for pool 'emails'");
        assertThat(this.pool.stats().queueCapacity()).isEqualTo(10);
    }

    @Test
    void tuneWhenBurstIsZeroShouldNameTheRuleAndKeepTheRateLimitAway() {
        assertRejected(new TuningWrite().permits(10).period("1s").burst(0),
                "burst must be >= 1 but was 0 for pool 'emails'");
        assertThat(this.pool.settings().rateLimited()).isFalse();
    }

    @Test
    void tuneWhenPeriodIsNotAPositiveDurationShouldNameTheRule() {
        assertRejected(new TuningWrite().permits(10).period("soon"),
                "period must be a duration such as 500ms, 1s or PT1S but was 'soon' for pool 'emails'");
        assertRejected(new TuningWrite().permits(10).period("0s"),
                "period must be positive but was '0s' for pool 'emails'");
    }

    @Test
    void tuneWhenPoolHasNoRateLimitShouldRequirePermitsAndPeriod() {
        assertRejected(new TuningWrite().burst(5),
                "permits must be set because the pool has no rate limit to change for pool 'emails'; "
                        + "period must be set because the pool has no rate limit to change for pool 'emails'");
    }

    @Test
    void tuneWhenRateLimitIsGivenShouldSetItWithBurstDefaultingToPermits() {
        PoolDescriptor tuned = new TuningWrite().permits(50).period("PT2S").on(this.endpoint, "emails");
        assertThat(this.pool.settings().rateLimit()).isEqualTo(RateLimit.of(50, Duration.ofSeconds(2)));
        assertThat(tuned.settings().rateLimit()).isEqualTo(new RateLimitDescriptor(50, Duration.ofSeconds(2), 50));
        assertThat(tuned.settings().rateLimited()).isTrue();
    }

    @Test
    void tuneWhenOnlyBurstIsGivenShouldKeepPermitsAndPeriodOfTheCurrentLimit() {
        new TuningWrite().permits(50).period("1s").burst(5).on(this.endpoint, "emails");
        new TuningWrite().burst(20).on(this.endpoint, "emails");
        assertThat(this.pool.settings().rateLimit()).isEqualTo(RateLimit.of(50, Duration.ofSeconds(1)).withBurst(20));
        new TuningWrite().permits(80).on(this.endpoint, "emails");
        assertThat(this.pool.settings().rateLimit()).isEqualTo(RateLimit.of(80, Duration.ofSeconds(1)).withBurst(20));
    }

    @Test
    void tuneWhenRemoveRateLimitShouldRemoveIt() {
        new TuningWrite().permits(50).period("500ms").on(this.endpoint, "emails");
        PoolDescriptor tuned = new TuningWrite().removeRateLimit(true).on(this.endpoint, "emails");
        assertThat(this.pool.settings().rateLimited()).isFalse();
        assertThat(tuned.settings().rateLimit()).isNull();
    }

    @Test
    void tuneWhenRemoveRateLimitIsCombinedWithALimitShouldChangeNothing() {
        new TuningWrite().permits(50).period("1s").on(this.endpoint, "emails");
        assertRejected(new TuningWrite().removeRateLimit(true).burst(3),
                "removeRateLimit must not be combined with permits, period or burst but was true for pool 'emails'");
        assertThat(this.pool.settings().rateLimit()).isEqualTo(RateLimit.of(50, Duration.ofSeconds(1)));
    }

    @Test
    void tuneWhenActionIsUnknownShouldNameTheActionsAndApplyNothingElse() {
        assertRejected(new TuningWrite().maxWorkers(8).action("stop"),
                "action must be one of [pause, resume] but was 'stop' for pool 'emails'");
    }

    @Test
    void tuneWhenNothingIsGivenShouldListTheFields() {
        assertRejected(new TuningWrite(),
                "a write must set at least one of [minWorkers, maxWorkers, queueCapacity, permits, period, burst, "
                        + "removeRateLimit, action, adaptiveLimit, unpinAdaptiveLimit] for pool 'emails'");
    }

    @Test
    void tuneWhenPausedThenResumedShouldHoldQueuedTasksThenRunThem() throws InterruptedException {
        PoolDescriptor paused = new TuningWrite().action("PAUSE").on(this.endpoint, "emails");
        assertThat(paused.state()).isEqualTo(PoolState.PAUSED);
        CountDownLatch ran = new CountDownLatch(1);
        this.pool.execute(ran::countDown);
        assertThat(this.pool.stats().queued()).isEqualTo(1);
        assertThat(ran.getCount()).isEqualTo(1);
        PoolDescriptor resumed = new TuningWrite().action("resume").on(this.endpoint, "emails");
        assertThat(resumed.state()).isEqualTo(PoolState.RUNNING);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().completed() == 1);
    }

    @Test
    void tuneWhenAdaptiveLimitIsGivenShouldPinItAndUnpinShouldLetItAdaptLoggingBoth() {
        try (WorkerPool adaptive = WorkerPool.builder("adaptive")
            .maxWorkers(16)
            .adaptiveLimit(AdaptiveLimit.of(AdaptiveLimit.Algorithm.GRADIENT2))
            .build(); LogCapture log = LogCapture.of(PoolsEndpoint.class)) {
            PoolsEndpoint endpoint = endpoint(adaptive);
            PoolDescriptor described = endpoint.pool("adaptive");
            assertThat(described.settings().adaptiveLimit())
                .isEqualTo(new AdaptiveLimitDescriptor(AdaptiveLimit.Algorithm.GRADIENT2, 4, 1, 16, null));
            assertThat(described.stats().adaptiveLimit()).isEqualTo(4);
            PoolDescriptor pinned = new TuningWrite().maxWorkers(12).adaptiveLimit(10).on(endpoint, "adaptive");
            assertThat(pinned.settings().adaptiveLimit().pinned()).isEqualTo(10);
            assertThat(pinned.stats().adaptiveLimit()).isEqualTo(10);
            PoolDescriptor unpinned = new TuningWrite().unpinAdaptiveLimit(true).on(endpoint, "adaptive");
            assertThat(unpinned.settings().adaptiveLimit().pinned()).isNull();
            assertThat(log.messages(Level.INFO)).containsExactly(
                    "Pool 'adaptive' tuned through the pools endpoint: max-workers 16 -> 12, "
                            + "adaptive-limit pinned no -> 10",
                    "Pool 'adaptive' tuned through the pools endpoint: adaptive-limit pinned 10 -> no");
        }
    }

    @Test
    void tuneWhenAdaptiveLimitIsAboveMaxWorkersShouldNameTheRuleAndChangeNothing() {
        try (WorkerPool adaptive = WorkerPool.builder("adaptive")
            .maxWorkers(8)
            .adaptiveLimit(AdaptiveLimit.of(AdaptiveLimit.Algorithm.VEGAS))
            .build()) {
            PoolsEndpoint endpoint = endpoint(adaptive);
            Throwable thrown = catchThrowable(
                    () -> new TuningWrite().queueCapacity(5).adaptiveLimit(9).on(endpoint, "adaptive"));
            assertThat(thrown).hasMessage("adaptiveLimit must be <= 8 but was 9 for pool 'adaptive'");
            assertThat(adaptive.stats().queueCapacity()).isEqualTo(1_000);
            assertThat(adaptive.settings().adaptiveLimitPinned()).isNull();
        }
    }

    @Test
    void tuneWhenThePoolHasNoAdaptiveLimitShouldRefuseAPin() {
        assertRejected(new TuningWrite().adaptiveLimit(2),
                "adaptiveLimit can only be pinned on a pool built with an adaptive limit but was 2 for pool 'emails'");
    }

    @Test
    void tuneWhenPinAndUnpinAreCombinedShouldChangeNothing() {
        assertRejected(new TuningWrite().adaptiveLimit(2).unpinAdaptiveLimit(true),
                "unpinAdaptiveLimit must not be combined with adaptiveLimit but was true for pool 'emails'");
    }

    private InvalidTuningException assertRejected(TuningWrite write, String reason) {
        PoolDescriptor before = this.endpoint.pool("emails");
        Throwable thrown = catchThrowable(() -> write.on(this.endpoint, "emails"));
        assertThat(thrown).isInstanceOf(InvalidEndpointRequestException.class).hasMessage(reason);
        InvalidTuningException rejected = (InvalidTuningException) thrown;
        assertThat(rejected.getReason()).isEqualTo(reason);
        assertThat(rejected.descriptor().pool()).isEqualTo("emails");
        PoolDescriptor after = this.endpoint.pool("emails");
        assertThat(after.state()).isEqualTo(before.state());
        assertThat(after.settings()).isEqualTo(before.settings());
        return rejected;
    }

    private static PoolsEndpoint endpoint(WorkerPool pool) {
        WorkerPoolRegistry registry = new WorkerPoolRegistry();
        registry.register(pool);
        return new PoolsEndpoint(registry);
    }

}
