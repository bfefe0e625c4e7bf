package io.poolworks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        long completedBefore = this.engine.completedCount();
        long failedBefore = this.engine.failedCount();
        boolean interrupted = false;
        // Phase 1: refuse new tasks.
        this.engine.shutdown();
        // Phase 2: drain.
        boolean done;
        try {
            done = this.engine.awaitTermination(drainNanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            // The caller wants out: skip to the cancel phase, and tell it afterwards.
            interrupted = true;
            done = false;
        }
        Stopped stopped = new Stopped(List.of(), List.of());
        if (!done) {
            // Phase 3: hand back the queue, cancel what runs.
            stopped = this.engine.stopAndCancel();
            // Phase 4: a bounded grace for the workers to exit.
            if (!interrupted) {
                try {
                    this.engine.awaitTermination(graceNanos, TimeUnit.NANOSECONDS);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        }
        this.report = new ShutdownReport(this.engine.name(), stopped.unstarted(),
                this.engine.completedCount() - completedBefore, this.engine.failedCount() - failedBefore,
                stopped.cancelled().size(), this.engine.stuckWorkers(), Duration.ofNanos(System.nanoTime() - start),
                stopped.cancelled());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return this.report;
    }

    /**
     * Run the shutdown unless an earlier call did.
     * @param drainNanos the drain timeout
     * @param graceNanos the termination grace
     * @return the report, or {@code null} if an earlier call ran the shutdown (and handed
     * the unstarted tasks back to its caller)
     */
    synchronized @Nullable ShutdownReport runFirst(long drainNanos, long graceNanos) {
        return (this.report != null) ? null : run(drainNanos, graceNanos);
    }

    /**
     * What the cancel phase did.
     *
     * @param unstarted the tasks taken out of the queue
     * @param cancelled the running tasks cancelled
     */
    record Stopped(List<Runnable> unstarted, List<Runnable> cancelled) {

    }

}
