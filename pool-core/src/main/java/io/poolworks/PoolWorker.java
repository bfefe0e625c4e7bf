package io.poolworks;

import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * One worker of a pool: its thread's loop (take a task from the engine, run it with the
 * runner) and what the engine needs to know about it while it lives. The fields without
 * their own guard are guarded by the engine's lock.
 */
final class PoolWorker implements Runnable {

    private final PoolEngine engine;

    private final TaskRunner runner;

    /** The task the worker runs, and the protocol that decides how it ended. */
    final RunSlot slot = new RunSlot();

    /**
     * Set by the engine just before it starts the thread; a thread the factory started by
     * itself runs before that and leaves at once (the engine refuses it).
     */
    volatile boolean launched;

    /** Reserved but not yet asking for a task. */
    boolean starting = true;

    /**
     * Whether the last {@code take} waited, so that the clock of the last task is stale.
     */
    boolean waited;

    /** The source of the permit or reservation the worker holds, or {@code null}. */
    @Nullable StartPermits permitSource;

    /**
     * Whether the permit held is usable now (rather than a reservation still to claim).
     */
    boolean permitReady;

    PoolWorker(PoolEngine engine, TaskRunner runner) {
        this.engine = engine;
        this.runner = runner;
    }

    @Override
    public void run() {
        if (!this.launched) {
            return;
        }
        this.slot.thread = Thread.currentThread();
        this.runner.watch(this.slot);
        boolean exitCounted = false;
        try {
            long clock = Long.MIN_VALUE;
            while (this.engine.take(this)) {
                clock = this.runner.run(this.slot, true, this.waited ? Long.MIN_VALUE : clock);
            }
            exitCounted = true;
        }
        finally {
            this.runner.unwatch(this.slot);
            this.engine.workerExited(this, exitCounted);
        }
    }

    String threadName() {
        Thread thread = this.slot.thread;
        return (thread != null) ? thread.getName() : "(unstarted)";
    }

}
