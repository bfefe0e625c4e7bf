package io.poolworks;

import org.jspecify.annotations.Nullable;

/**
 * One worker of a {@link PoolEngine}: the runnable its thread runs, and what the engine
 * needs to know about it while it lives.
 */
final class PoolWorker implements Runnable {

    private final PoolEngine engine;

    /** The thread, once the factory made one. */
    volatile @Nullable Thread thread;

    /**
     * The task taken last; guarded by the engine's lock, stale once the task finished.
     */
    @Nullable PoolTask current;

    /**
     * Whether the worker was reserved but has not yet asked for a task; guarded likewise.
     */
    boolean starting = true;

    PoolWorker(PoolEngine engine) {
        this.engine = engine;
    }

    @Override
    public void run() {
        this.engine.runWorker(this);
    }

    String threadName() {
        Thread thread = this.thread;
        return (thread != null) ? thread.getName() : "(unstarted)";
    }

}
