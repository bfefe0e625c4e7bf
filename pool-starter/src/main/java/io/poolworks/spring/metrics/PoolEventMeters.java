package io.poolworks.spring.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.poolworks.RejectionReason;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskRejected;

/**
 * The meters of one pool that only its events can give: the {@code executor} and
 * {@code executor.idle} timers of Micrometer's {@code TimedExecutorService} and the
 * rejections by reason. Added to every pool the {@code WorkerPoolFactory} builds, with
 * its meters registered up front so that they read zero before the first task.
 * <p>
 * The pool holds this listener, not the other way round, so it goes away with the pool.
 */
final class PoolEventMeters implements PoolListener {

    private final Timer execution;

    private final Timer idle;

    private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);

    PoolEventMeters(String pool, MeterRegistry registry) {
        Tags tags = Tags.of(PoolMeters.NAME_TAG, pool);
        // As TimedExecutorService registers them: no description, the registry's time
        // unit.
        this.execution = registry.timer("executor", tags);
        this.idle = registry.timer("executor.idle", tags);
        for (RejectionReason reason : RejectionReason.values()) {
            this.rejections.put(reason,
                    Counter.builder(PoolMeters.REJECTED)
                        .tags(tags)
                        .tag(PoolMeters.REASON_TAG, PoolMeters.tagValue(reason))
                        .description(PoolMeters.REJECTED_DESCRIPTION)
                        .baseUnit(BaseUnits.TASKS)
                        .register(registry));
        }
    }

    @Override
    public void taskFinished(TaskFinished event) {
        switch (event.outcome()) {
            // The tasks that executor.completed counts: they ran to their end. A
            // cancelled or expired task may never have started.
            case COMPLETED, FAILED, TIMED_OUT -> {
                this.idle.record(event.queueWaitNanos(), TimeUnit.NANOSECONDS);
                this.execution.record(event.runNanos(), TimeUnit.NANOSECONDS);
            }
            default -> {
            }
        }
    }

    @Override
    public void taskRejected(TaskRejected event) {
        this.rejections.get(event.reason()).increment();
    }

}
