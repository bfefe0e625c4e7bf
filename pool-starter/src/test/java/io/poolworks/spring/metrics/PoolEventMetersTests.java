package io.poolworks.spring.metrics;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolworks.WorkerPool;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolEventMeters}.
 */
class PoolEventMetersTests {

    private static final Runnable TASK = () -> {
    };

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void taskFinishedWhenCalledWithPartsShouldTimeTheTasksThatRan() {
        PoolEventMeters meters = new PoolEventMeters("emails", this.registry, false);
        for (TaskOutcome outcome : TaskOutcome.values()) {
            meters.taskFinished("emails", TASK, outcome, millis(1), millis(2), null);
        }
        // Completed, failed and timed out ran; cancelled and expired may not have.
        assertThat(functionTimer("executor").count()).isEqualTo(3);
        assertThat(functionTimer("executor").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6);
        assertThat(functionTimer("executor.idle").count()).isEqualTo(3);
        assertThat(functionTimer("executor.idle").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
        assertThat(this.registry.get("executor.seconds.max").gauge().value()).isEqualTo(0.002);
        assertThat(this.registry.get("executor.idle.seconds.max").gauge().value()).isEqualTo(0.001);
    }

    @Test
    void taskFinishedWhenCalledWithAnEventShouldTimeTheTaskOnce() {
        PoolEventMeters meters = new PoolEventMeters("emails", this.registry, false);
        meters.taskFinished(new TaskFinished("emails", TASK, TaskOutcome.COMPLETED, millis(1), millis(2), null));
        assertThat(functionTimer("executor").count()).isEqualTo(1);
        assertThat(functionTimer("executor.idle").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1);
    }

    @Test
    void taskFinishedWhenHistogramIsOnShouldRecordIntoTimers() {
        PoolEventMeters meters = new PoolEventMeters("emails", this.registry, true);
        meters.taskFinished("emails", TASK, TaskOutcome.FAILED, millis(1), millis(2), new IllegalStateException());
        meters.taskFinished("emails", TASK, TaskOutcome.EXPIRED, millis(5), 0, null);
        Timer execution = this.registry.get("executor").tag("name", "emails").timer();
        assertThat(execution.count()).isEqualTo(1);
        assertThat(execution.max(TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(this.registry.get("executor.idle").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1);
    }

    @Test
    void timersWhenAPoolRunsTasksShouldCountEachTaskOnce() {
        try (WorkerPool pool = WorkerPool.builder("emails")
            .maxWorkers(2)
            .listener(new PoolEventMeters("emails", this.registry, false))
            .build()) {
            for (int i = 0; i < 1_000; i++) {
                pool.execute(TASK);
            }
            await().untilAsserted(() -> assertThat(pool.stats().completed()).isEqualTo(1_000));
            // The listener runs after the task is counted: wait for it, then check that
            // nothing more comes.
            await().untilAsserted(() -> assertThat(functionTimer("executor").count()).isEqualTo(1_000));
            pool.shutdownGracefully();
        }
        assertThat(functionTimer("executor").count()).isEqualTo(1_000);
        assertThat(functionTimer("executor.idle").count()).isEqualTo(1_000);
    }

    @Test
    void metersWhenTheirPoolIsGoneShouldNotKeepItAlive() {
        WeakReference<WorkerPool> pool = runAndClose("gone");
        await().untilAsserted(() -> {
            System.gc();
            assertThat(pool.get()).isNull();
            assertThat(this.registry.get("executor.seconds.max").tag("name", "gone").gauge().value()).isNaN();
        });
    }

    private WeakReference<WorkerPool> runAndClose(String name) {
        WorkerPool pool = WorkerPool.builder(name)
            .maxWorkers(1)
            .listener(new PoolEventMeters(name, this.registry, false))
            .build();
        pool.execute(TASK);
        pool.close();
        return new WeakReference<>(pool);
    }

    private FunctionTimer functionTimer(String name) {
        return this.registry.get(name).tag("name", "emails").functionTimer();
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

}
