package io.poolworks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@linkplain WorkerPool#shutdownGracefully(Duration) graceful shutdown} did.
 * <p>
 * Nothing accepted is dropped silently: every task either finished (counted in the pool's
 * stats), was cancelled, or is listed in {@link #unstarted()}. Unstarted tasks are handed
 * back as they were submitted (for {@code submit}, the pending future): run them
 * elsewhere, persist them or cancel them. Instances are immutable and thread-safe.
 *
 * @param poolName the pool name
 * @param unstarted the tasks that were still queued when the drain timed out, in queue
 * order
 * @param completedDuringDrain the number of tasks that completed after the shutdown
 * started
 * @param failedDuringDrain the number of tasks that failed after the shutdown started
 * @param interrupted the number of running tasks that were cancelled and interrupted
 * @param stuckWorkers the names of the worker threads still alive when the shutdown gave
 * up
 * @param elapsed how long the shutdown took
 * @param cancelled the tasks, as submitted, that were running when the drain timed out
 * and were cancelled and interrupted; {@code interrupted} is their number
 */
public record ShutdownReport(String poolName, List<Runnable> unstarted, long completedDuringDrain,
        long failedDuringDrain, int interrupted, List<String> stuckWorkers, Duration elapsed,
        List<Runnable> cancelled) {

    /**
     * Validate a report and copy its lists.
     * @param poolName the pool name
     * @param unstarted the tasks that never started
     * @param completedDuringDrain the number of tasks that completed during the drain
     * @param failedDuringDrain the number of tasks that failed during the drain
     * @param interrupted the number of running tasks cancelled
     * @param stuckWorkers the names of workers still alive
     * @param elapsed how long the shutdown took
     * @param cancelled the running tasks cancelled
     */
    public ShutdownReport {
        Objects.requireNonNull(poolName, "poolName must not be null");
        unstarted = List.copyOf(unstarted);
        stuckWorkers = List.copyOf(stuckWorkers);
        Objects.requireNonNull(elapsed, "elapsed must not be null");
        cancelled = List.copyOf(cancelled);
    }

    /**
     * Create a report that does not name the running tasks it cancelled.
     * @param poolName the pool name
     * @param unstarted the tasks that never started
     * @param completedDuringDrain the number of tasks that completed during the drain
     * @param failedDuringDrain the number of tasks that failed during the drain
     * @param interrupted the number of running tasks cancelled
     * @param stuckWorkers the names of workers still alive
     * @param elapsed how long the shutdown took
     */
    public ShutdownReport(String poolName, List<Runnable> unstarted, long completedDuringDrain, long failedDuringDrain,
            int interrupted, List<String> stuckWorkers, Duration elapsed) {
        this(poolName, unstarted, completedDuringDrain, failedDuringDrain, interrupted, stuckWorkers, elapsed,
                List.of());
    }

    /**
     * Return whether every accepted task ran to its end within the drain timeout: nothing
     * was handed back, interrupted or left running.
     * @return {@code true} for a clean shutdown
     */
    public boolean clean() {
        return this.unstarted.isEmpty() && this.interrupted == 0 && this.stuckWorkers.isEmpty();
    }

}
