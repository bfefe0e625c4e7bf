package io.poolworks.benchmarks;

import java.util.concurrent.atomic.LongAdder;

import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PoolListener} that records both timers of every finished task, the queue wait
 * and the run time, as a count and two sums in {@link LongAdder}s: about what a metrics
 * timer costs, without a metrics library.
 */
final class TimerListener implements PoolListener {

    final LongAdder count = new LongAdder();

    final LongAdder queueWaitNanos = new LongAdder();

    final LongAdder runNanos = new LongAdder();

    // Both: today's engine publishes the event, engine v2 calls the method with the
    // event's parts; a pool calls one of the two per task.
    @Override
    public void taskFinished(String poolName, Runnable task, TaskOutcome outcome, long queueWaitNanos, long runNanos,
            @Nullable Throwable failure) {
        record(queueWaitNanos, runNanos);
    }

    @Override
    public void taskFinished(TaskFinished event) {
        record(event.queueWaitNanos(), event.runNanos());
    }

    private void record(long queueWaitNanos, long runNanos) {
        this.count.increment();
        this.queueWaitNanos.add(queueWaitNanos);
        this.runNanos.add(runNanos);
    }

}
