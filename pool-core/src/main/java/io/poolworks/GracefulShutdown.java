package io.poolworks;

import java.time.Duration;
import java.util.List;

import io.poolworks.event.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Runs the four phases of a pool's graceful shutdown, once: later calls wait for the
 * first and get its report.
 */
final class GracefulShutdown {

    private final PoolEngine engine;

    private @Nullable ShutdownReport report;

    GracefulShutdown(PoolEngine engine) {
        this.engine = engine;
    }

    synchronized ShutdownReport run(long drainNanos, long graceNanos) {
        if (this.report != null) {
            return this.report;
        }
        long start = System.nanoTime();
        long[] before = this.engine.outcomes();
        boolean interrupted = false;
        boolean done = false;
        if (drainNanos > 0L) {
            // Phase 1: refuse new tasks. Phase 2: drain.
            this.engine.shutdown();
            try {
                done = this.engine.awaitTermination(drainNanos);
            }
            catch (InterruptedException ex) {
                // The caller wants out: skip to the cancel phase, and tell it afterwards.
                interrupted = true;
            }
        }
        Stopped stopped = null;
        if (!done) {
            // Phase 3 (with phase 1 when there is no drain, so that a paused pool starts
            // nothing): hand back the queue, cancel what runs. Phase 4: a bounded grace.
            stopped = this.engine.stop(true);
            if (!interrupted) {
                try {
                    this.engine.awaitTermination(graceNanos);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        }
        List<Runnable> unstarted = (stopped != null) ? stopped.unstarted() : List.of();
        List<Runnable> cancelled = (stopped != null) ? stopped.cancelled() : List.of();
        long[] after = this.engine.outcomes();
        int completed = TaskOutcome.COMPLETED.ordinal();
        int failed = TaskOutcome.FAILED.ordinal();
        this.report = new ShutdownReport(this.engine.name(), unstarted, after[completed] - before[completed],
                after[failed] - before[failed], cancelled.size(), this.engine.liveWorkers(),
                Duration.ofNanos(System.nanoTime() - start), cancelled);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return this.report;
    }

}
