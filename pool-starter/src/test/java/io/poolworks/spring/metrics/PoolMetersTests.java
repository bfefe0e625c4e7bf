package io.poolworks.spring.metrics;

import java.lang.ref.WeakReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    private static WeakReference<WorkerPool> bindAndClose(String name, MeterRegistry registry) {
        WorkerPool pool = WorkerPool.builder(name).maxWorkers(2).build();
        PoolMeters.bind(pool, registry);
        pool.execute(() -> {
        });
        pool.close();
        return new WeakReference<>(pool);
    }

}
