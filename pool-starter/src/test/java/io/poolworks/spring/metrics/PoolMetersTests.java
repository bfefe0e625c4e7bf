package io.poolworks.spring.metrics;

import java.lang.ref.WeakReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.poolworks.AdaptiveLimit;
import io.poolworks.WorkerPool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolMeters}.
 */
class PoolMetersTests {

    @Test
    void metersWhenTheirPoolIsGoneShouldNotKeepItAlive() {
        MeterRegistry registry = new SimpleMeterRegistry();
        WeakReference<WorkerPool> pool = bindAndClose("gone", registry);
        await().untilAsserted(() -> {
            System.gc();
            assertThat(pool.get()).isNull();
        });
        assertThat(registry.get("executor.pool.max").tag("name", "gone").gauge().value()).isNaN();
    }

    @Test
    void metersWhenBoundTwiceShouldBeRegisteredOnce() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (WorkerPool pool = WorkerPool.builder("twice").maxWorkers(2).build()) {
            PoolMeters.bind(pool, registry);
            int meters = registry.getMeters().size();
            PoolMeters.bind(pool, registry);
            assertThat(registry.getMeters()).hasSize(meters);
            assertThat(registry.get("executor.pool.max").tag("name", "twice").gauge().value()).isEqualTo(2);
        }
    }

    @Test
    void adaptiveLimitGaugeShouldFollowTheLimitAndExistOnlyForPoolsThatHaveOne() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (WorkerPool adaptive = WorkerPool.builder("adaptive")
            .maxWorkers(8)
            .adaptiveLimit(AdaptiveLimit.of(AdaptiveLimit.Algorithm.AIMD))
            .build(); WorkerPool plain = WorkerPool.builder("plain").maxWorkers(8).build()) {
            PoolMeters.bind(adaptive, registry);
            PoolMeters.bind(plain, registry);
            Gauge limit = registry.get("poolworks.adaptive.limit").tag("name", "adaptive").gauge();
            assertThat(limit.value()).isEqualTo(4);
            adaptive.tuning().update((change) -> change.adaptiveLimit(7));
            assertThat(limit.value()).isEqualTo(7);
            assertThat(registry.find("poolworks.adaptive.limit").tag("name", "plain").meter()).isNull();
        }
    }

    private static WeakReference<WorkerPool> bindAndClose(String name, MeterRegistry registry) {
        WorkerPool pool = WorkerPool.builder(name).maxWorkers(2).build();
        PoolMeters.bind(pool, registry);
        pool.execute(() -> {
        });
        pool.close();
        return new WeakReference<>(pool);
    }

}
