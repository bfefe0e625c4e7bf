package io.poolworks.spring.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.poolworks.RejectionReason;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import io.poolworks.event.TaskRejected;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one pool that only its events can give: the {@code executor} (run time)
 * and {@code executor.idle} (queue wait) timers, named as Micrometer's
 * {@code TimedExecutorService} names them, and the rejections by reason. Added to every
 * pool the {@code WorkerPoolFactory} builds, with its meters registered up front so that
 * they read zero before the first task.
 * <p>
 * By default the timers are {@link StripedTimer}s (function timers and a maximum gauge,
 * cheap enough for every task); with histograms on they are Micrometer {@link Timer}s
 * that publish a percentile histogram.
 * <p>
 * The pool holds this listener, not the other way round, so it goes away with the pool.
 */
final class PoolEventMeters implements PoolListener {

    static final String EXECUTION = "executor";

    static final String EXECUTION_DESCRIPTION = "Time the pool's tasks took to run";

    static final String EXECUTION_MAX_DESCRIPTION = "Longest time a task of the pool took to run, over the last one to two minutes";

    static final String IDLE = "executor.idle";

    static final String IDLE_DESCRIPTION = "Time the pool's tasks waited in the queue before they started";

    static final String IDLE_MAX_DESCRIPTION = "Longest time a task of the pool waited in the queue, over the last one to two minutes";

    private final DurationRecorder execution;

    private final DurationRecorder idle;

    private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);

    PoolEventMeters(String pool, MeterRegistry registry, boolean histogram) {
        Tags tags = Tags.of(PoolMeters.NAME_TAG, pool);
        this.execution = timer(registry, EXECUTION, tags, EXECUTION_DESCRIPTION, EXECUTION_MAX_DESCRIPTION, histogram);
        this.idle = timer(registry, IDLE, tags, IDLE_DESCRIPTION, IDLE_MAX_DESCRIPTION, histogram);
        for (RejectionReason reason : RejectionReason.values()) {
            this.rejections.put(reason,
                    Counter.builder(PoolMeters.REJECTED)
                        .tags(tags)
                        .tag(PoolMeters.REASON_TAG, PoolMeters.tagValue(reason))
                        .description(PoolMeters.REJECTED_DESCRIPTION)
                        .register(registry));
        }
    }

    private static DurationRecorder timer(MeterRegistry registry, String name, Tags tags, String description,
            String maxDescription, boolean histogram) {
        if (!histogram) {
            return StripedTimer.register(registry, name, tags, description, maxDescription);
        }
        Timer timer = Timer.builder(name)
            .tags(tags)
            .description(description)
            .publishPercentileHistogram()
            .register(registry);
        return (nanos) -> timer.record(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
    }

    // Engine v2 calls this method, so that no event is built per task; today's engine
    // publishes the event to the method below. A pool calls one of the two per task,
    // never both.
    @Override
    public void taskFinished(String poolName, Runnable task, TaskOutcome outcome, long queueWaitNanos, long runNanos,
            @Nullable Throwable failure) {
        finished(outcome, queueWaitNanos, runNanos);
    }

    @Override
    public void taskFinished(TaskFinished event) {
        finished(event.outcome(), event.queueWaitNanos(), event.runNanos());
    }

    private void finished(TaskOutcome outcome, long queueWaitNanos, long runNanos) {
        // The tasks that executor.completed counts: they ran to their end. A cancelled
        // or expired task may never have started.
        if (outcome == TaskOutcome.COMPLETED || outcome == TaskOutcome.FAILED || outcome == TaskOutcome.TIMED_OUT) {
            this.idle.record(queueWaitNanos);
            this.execution.record(runNanos);
        }
    }

    @Override
    public void taskRejected(TaskRejected event) {
        this.rejections.get(event.reason()).increment();
    }

}
