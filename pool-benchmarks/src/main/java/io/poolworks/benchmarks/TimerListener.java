package io.poolworks.benchmarks;

import java.util.concurrent.atomic.LongAdder;

import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;

/**
 * A {@link PoolListener} that records both timers of every finished task, the queue wait
 * and the run time, as a count and two sums in {@link LongAdder}s: about what a metrics
 * timer costs, without a metrics library.
 */
final class TimerListener implements PoolListener {

    final LongAdder count = new LongAdder();

    final LongAdder queueWaitNanos = new LongAdder();

    final LongAdder runNanos = new LongAdder();

    @Override
    public void taskFinished(TaskFinished event) {
        this.count.increment();
        this.queueWaitNanos.add(event.queueWaitNanos());
        this.runNanos.add(event.runNanos());
    }

}
