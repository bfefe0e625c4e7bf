package io.poolworks.functional;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.poolworks.InvalidSettingException;
import io.poolworks.PoolStats;
import io.poolworks.PoolTuning;
import io.poolworks.RateLimit;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.testing.FlakyThreadFactory;
import io.poolworks.testing.FlakyThreadFactory.Mode;
import io.poolworks.testing.Gate;
import io.poolworks.testing.PoolsUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Core owns every rule about a setting: a refused value is an
 * {@link InvalidSettingException} naming the setting, the value, the rule and the pool,
 * from the builder and from tuning alike; a tuning update applies all of its settings or
 * none; durations and sizes at the extremes never overflow.
 */
class SettingRulesTests {

    @RegisterExtension
    final PoolsUnderTest tested = new PoolsUnderTest();

    static Stream<Arguments> refusedByTheBuilder() {
        return Stream.of(refused("minWorkers", -1, "must be >= 0", (b) -> b.minWorkers(-1)),
                refused("minWorkers", 32_768, "must be <= 32767", (b) -> b.minWorkers(32_768)),
                refused("maxWorkers", 0, "must be >= 1", (b) -> b.maxWorkers(0)),
                refused("maxWorkers", 40_000, "must be <= 32767", (b) -> b.maxWorkers(40_000)),
                refused("maxWorkers", 2, "must be >= minWorkers (4)", (b) -> b.minWorkers(4).maxWorkers(2).build()),
                refused("queueCapacity", -5, "must be >= 0", (b) -> b.queueCapacity(-5)),
                refused("idleTimeout", Duration.ZERO, "must be positive", (b) -> b.idleTimeout(Duration.ZERO)),
                refused("drainTimeout", Duration.ofSeconds(-1), "must be >= 0",
                        (b) -> b.drainTimeout(Duration.ofSeconds(-1))),
                refused("taskTimeout", Duration.ofMillis(-1), "must be positive",
                        (b) -> b.taskTimeout(Duration.ofMillis(-1))));
    }

    private static Arguments refused(String setting, Object value, String rule, Consumer<WorkerPool.Builder> action) {
        return Arguments.of(setting, value, rule, action);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("refusedByTheBuilder")
    void builderShouldRefuseAValueNamingSettingValueRuleAndPool(String setting, Object value, String rule,
            Consumer<WorkerPool.Builder> action) {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> action.accept(WorkerPool.builder("emails")))
            .satisfies((ex) -> {
                assertThat(ex.setting()).isEqualTo(setting);
                assertThat(ex.value()).isEqualTo(value);
                assertThat(ex.rule()).isEqualTo(rule);
                assertThat(ex.pool()).isEqualTo("emails");
            })
            .withMessage(setting + " " + rule + " but was " + value + " for pool 'emails'");
    }

    @Test
    void tuningShouldRefuseWithTheSameExceptionAsTheBuilder() {
        WorkerPool pool = this.tested.pool(WorkerPools.dynamic("tuned", 2, 4));
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.tuning().resize(3, 2))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("maxWorkers"))
            .satisfies((ex) -> assertThat(ex.pool()).isEqualTo("tuned"))
            .withMessage("maxWorkers must be >= minWorkers (3) but was 2 for pool 'tuned'");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> pool.tuning().update((change) -> change.maxWorkers(1)))
            .withMessage("maxWorkers must be >= minWorkers (2) but was 1 for pool 'tuned'");
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.tuning().queueCapacity(-1))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("queueCapacity"));
    }

    @Test
    void updateShouldApplyEverySettingTogetherOrNothing() {
        WorkerPool pool = this.tested.pool(WorkerPools.dynamic("atomic", 1, 4).queueCapacity(100));
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.tuning()
            .update((change) -> change.queueCapacity(10)
                .rateLimit(RateLimit.of(5, Duration.ofSeconds(1)))
                .paused(true)
                .minWorkers(3)
                .maxWorkers(2)));
        PoolStats unchanged = pool.stats();
        assertThat(unchanged.queueCapacity()).isEqualTo(100);
        assertThat(unchanged.minWorkers()).isEqualTo(1);
        assertThat(unchanged.maxWorkers()).isEqualTo(4);
        assertThat(unchanged.state()).isEqualTo(io.poolworks.PoolState.RUNNING);
        assertThat(pool.settings().rateLimited()).isFalse();

        pool.tuning()
            .update((change) -> change.queueCapacity(10)
                .rateLimit(RateLimit.of(5, Duration.ofSeconds(1)))
                .paused(true)
                .minWorkers(2)
                .maxWorkers(8));
        PoolStats changed = pool.stats();
        assertThat(changed.queueCapacity()).isEqualTo(10);
        assertThat(changed.minWorkers()).isEqualTo(2);
        assertThat(changed.maxWorkers()).isEqualTo(8);
        assertThat(changed.state()).isEqualTo(io.poolworks.PoolState.PAUSED);
        assertThat(pool.settings().rateLimit()).isEqualTo(RateLimit.of(5, Duration.ofSeconds(1)));
    }

    @Test
    void aValueRefusedInsideAnUpdateShouldChangeNothing() {
        WorkerPool pool = this.tested.pool(WorkerPools.dynamic("refused", 1, 4).queueCapacity(100));
        PoolTuning tuning = pool.tuning();
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> tuning.update((change) -> change.maxWorkers(8).queueCapacity(-3)));
        assertThat(pool.stats().maxWorkers()).isEqualTo(4);
        assertThat(pool.stats().queueCapacity()).isEqualTo(100);
    }

    @Test
    void minWorkersAloneShouldRaiseTheDefaultMaximumButNotAnExplicitOne() {
        WorkerPool pool = this.tested.pool(WorkerPool.builder("min-only").minWorkers(40));
        assertThat(pool.stats().maxWorkers()).isEqualTo(40);
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> WorkerPool.builder("explicit").minWorkers(40).maxWorkers(4).build());
    }

    @Test
    void rateLimitShouldRefuseWhatATokenBucketCannotDoNamingTheSetting() {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> RateLimit.of(2_000_000_000L, Duration.ofSeconds(1)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("rateLimit.permits"))
            .withMessageContaining("at most one per nanosecond");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(Long.MAX_VALUE)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("rateLimit.period"));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(1)).withBurst(0))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("rateLimit.burst"));
        RateLimit fastest = RateLimit.of(1_000_000_000L, Duration.ofSeconds(1)).withBurst(Long.MAX_VALUE / 2);
        WorkerPool pool = this.tested.pool(WorkerPools.rateLimited("fastest", 1, fastest));
        assertThat(pool.settings().rateLimit()).isEqualTo(fastest);
    }

    @Test
    void hugeDurationsShouldSaturateInsteadOfOverflowing() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        WorkerPool pool = this.tested.pool(WorkerPool.builder("forever")
            .minWorkers(0)
            .maxWorkers(1)
            .queueCapacity(0)
            .idleTimeout(forever)
            .blockTimeout(forever)
            .drainTimeout(forever)
            .terminationGrace(forever)
            .taskTimeout(forever)
            .maxQueueWait(forever));
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(pool.tryExecute(ran::countDown, forever)).isTrue();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        ShutdownReport report = pool.shutdownGracefully(forever);
        assertThat(report.clean()).isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void hugeResizeWithAFactoryThatRunsOutShouldLeaveNoPhantomWorkers() {
        FlakyThreadFactory factory = new FlakyThreadFactory("huge-");
        WorkerPool pool = this.tested
            .pool(WorkerPool.builder("huge").minWorkers(1).maxWorkers(1).threadFactory(factory));
        Gate gate = new Gate(1);
        try {
            pool.execute(gate.task());
            gate.awaitStarted();
            factory.mode(Mode.OUT_OF_MEMORY);
            pool.tuning().resize(WorkerPool.MAX_WORKERS, WorkerPool.MAX_WORKERS);
            PoolStats stats = pool.stats();
            assertThat(stats.workers()).isEqualTo(1);
            assertThat(stats.maxWorkers()).isEqualTo(WorkerPool.MAX_WORKERS);
            assertThat(factory.refused()).as("the first failure stops the batch").isEqualTo(1);
            factory.mode(Mode.WORK);
            pool.tuning().resize(3, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> factory.made() == 3 && pool.stats().workers() == 3);
        }
        finally {
            gate.open();
        }
    }

}
