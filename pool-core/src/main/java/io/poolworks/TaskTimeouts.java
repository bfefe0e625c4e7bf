package io.poolworks;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cancels tasks that run longer than the pool's task timeout, from one daemon timer
 * thread per pool that exists only while the pool does.
 */
final class TaskTimeouts {

    private final ScheduledThreadPoolExecutor timer;

    private final long timeoutNanos;

    TaskTimeouts(String pool, long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
            Thread thread = new Thread(runnable, pool + "-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    ScheduledFuture<?> watch(PoolTask task, Thread thread) {
        return this.timer.schedule(() -> task.timeOut(thread), this.timeoutNanos, TimeUnit.NANOSECONDS);
    }

    void close() {
        this.timer.shutdownNow();
    }

}
