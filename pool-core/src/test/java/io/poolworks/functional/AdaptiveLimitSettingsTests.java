package io.poolworks.functional;

import java.util.ArrayList;
import java.util.List;

import io.poolworks.AdaptiveLimit;
import io.poolworks.AdaptiveLimit.Algorithm;
import io.poolworks.InvalidSettingException;
import io.poolworks.WorkerPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The rules of an adaptive limit: each value in its own range when the limit is made,
 * {@code min <= initial <= max <= maxWorkers} when the pool is built (with the defaults
 * resolved), and a pin only on a pool that has one, within {@code maxWorkers}, applied
 * with the rest of its update or not at all.
 */
class AdaptiveLimitSettingsTests {

    private final List<WorkerPool> pools = new ArrayList<>();

    @AfterEach
    void tearDown() {
        this.pools.forEach(WorkerPool::shutdownNow);
    }

    private WorkerPool pool(WorkerPool.Builder builder) {
        WorkerPool pool = builder.build();
        this.pools.add(pool);
        return pool;
    }

    @Test
    void limitShouldRefuseValuesOutOfRangeNamingThem() {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> AdaptiveLimit.of(Algorithm.VEGAS).withMin(0))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("adaptiveLimit.min"))
            .withMessage("adaptiveLimit.min must be >= 1 but was 0");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> AdaptiveLimit.of(Algorithm.VEGAS).withInitial(-1))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("adaptiveLimit.initial"));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> AdaptiveLimit.of(Algorithm.VEGAS).withMax(40_000))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("adaptiveLimit.max"));
        assertThatNullPointerException().isThrownBy(() -> AdaptiveLimit.of(null))
            .withMessageContaining("adaptiveLimit.algorithm");
    }

    @Test
    void buildShouldResolveTheDefaultsAgainstMaxWorkers() {
        WorkerPool pool = pool(
                WorkerPool.builder("defaults").maxWorkers(16).adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2)));
        assertThat(pool.settings().adaptiveLimit()).isEqualTo(new AdaptiveLimit(Algorithm.GRADIENT2, 4, 1, 16));
        assertThat(pool.stats().adaptiveLimit()).isEqualTo(4);
        WorkerPool small = pool(
                WorkerPool.builder("small").maxWorkers(2).adaptiveLimit(AdaptiveLimit.of(Algorithm.AIMD)));
        assertThat(small.settings().adaptiveLimit()).isEqualTo(new AdaptiveLimit(Algorithm.AIMD, 2, 1, 2));
        WorkerPool high = pool(
                WorkerPool.builder("high").maxWorkers(32).adaptiveLimit(AdaptiveLimit.of(Algorithm.VEGAS).withMin(8)));
        assertThat(high.settings().adaptiveLimit()).isEqualTo(new AdaptiveLimit(Algorithm.VEGAS, 8, 8, 32));
    }

    @Test
    void buildShouldRefuseLimitsThatDoNotFitThePool() {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> WorkerPool.builder("over")
                .maxWorkers(8)
                .adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2).withMax(9))
                .build())
            .withMessage("adaptiveLimit.max must be <= maxWorkers (8) but was 9 for pool 'over'");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> WorkerPool.builder("crossed")
                .maxWorkers(8)
                .adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2).withMin(6).withMax(4))
                .build())
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("adaptiveLimit.max"));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> WorkerPool.builder("initial")
                .maxWorkers(8)
                .adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2).withMin(2).withInitial(1))
                .build())
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("adaptiveLimit.initial"))
            .withMessageContaining("between adaptiveLimit.min (2) and adaptiveLimit.max (8)");
    }

    @Test
    void pinShouldBeRefusedOnAPoolWithoutAnAdaptiveLimitAndUnpinShouldChangeNothing() {
        WorkerPool pool = pool(WorkerPool.builder("plain").maxWorkers(4));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> pool.tuning().update((change) -> change.maxWorkers(8).adaptiveLimit(2)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("adaptiveLimit"))
            .withMessageContaining("built with an adaptive limit");
        assertThat(pool.stats().maxWorkers()).isEqualTo(4);
        pool.tuning().update((change) -> change.adaptiveLimit(null));
        assertThat(pool.stats().adaptiveLimit()).isZero();
    }

    @Test
    void pinShouldBeCheckedAgainstMaxWorkersAfterTheUpdateAndApplyWithItOrNotAtAll() {
        WorkerPool pool = pool(
                WorkerPool.builder("pinning").maxWorkers(8).adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2)));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> pool.tuning().update((change) -> change.adaptiveLimit(0)))
            .withMessage("adaptiveLimit must be >= 1 but was 0 for pool 'pinning'");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> pool.tuning().update((change) -> change.queueCapacity(5).maxWorkers(4).adaptiveLimit(6)))
            .withMessage("adaptiveLimit must be <= 4 but was 6 for pool 'pinning'");
        assertThat(pool.stats().maxWorkers()).isEqualTo(8);
        assertThat(pool.stats().queueCapacity()).isEqualTo(1_000);
        assertThat(pool.settings().adaptiveLimitPinned()).isNull();
        pool.tuning().update((change) -> change.maxWorkers(12).adaptiveLimit(10));
        assertThat(pool.stats().maxWorkers()).isEqualTo(12);
        assertThat(pool.stats().adaptiveLimit()).isEqualTo(10);
        assertThat(pool.settings().adaptiveLimitPinned()).isEqualTo(10);
        // Reported L never exceeds the hard ceiling.
        pool.tuning().update((change) -> change.maxWorkers(10).minWorkers(0));
        assertThat(pool.stats().adaptiveLimit()).isEqualTo(10);
        pool.tuning().update((change) -> change.maxWorkers(12).adaptiveLimit(12));
        pool.tuning().update((change) -> change.maxWorkers(6));
        assertThat(pool.stats().adaptiveLimit()).isEqualTo(6);
    }

}
