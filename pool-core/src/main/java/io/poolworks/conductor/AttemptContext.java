package io.poolworks.conductor;

import java.util.concurrent.ThreadFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WorkerContext} of one run of one worker; thread-safe: the stop signal is a
 * latch and the stop actions are guarded by this object's monitor.
 */
final class AttemptContext implements WorkerContext {

    private static final Logger logger = LoggerFactory.getLogger(Conductor.class);

    private final String name;

    private final String threadName;

    private final ThreadFactory threads;

    private final CountDownLatch stop = new CountDownLatch(1);

    private final List<Runnable> stopActions = new ArrayList<>();

    /** Guarded by {@code this}. */
    private boolean stopRequested;

    /**
     * Guarded by {@code this}; set when the run ended, after which actions are dropped.
     */
    private boolean closed;

    AttemptContext(String name, String threadName, ThreadFactory threads) {
        this.name = name;
        this.threadName = threadName;
        this.threads = threads;
    }

    @Override
    public String name() {
        return this.name;
    }

    @Override
    public boolean isStopping() {
        return this.stop.getCount() == 0;
    }

    @Override
    public boolean sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative() || duration.isZero()) {
            return !isStopping();
        }
        try {
            return !this.stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void awaitStop() {
        boolean interrupted = false;
        while (true) {
            try {
                this.stop.await();
                break;
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onStop(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        synchronized (this) {
            if (this.closed) {
                return;
            }
            if (!this.stopRequested) {
                this.stopActions.add(action);
                return;
            }
        }
        runActions(List.of(action));
    }

    /**
     * Flips the context to stopping and runs the stop actions; later calls do nothing.
     */
    void requestStop() {
        List<Runnable> actions;
        synchronized (this) {
            if (this.stopRequested || this.closed) {
                this.stop.countDown();
                return;
            }
            this.stopRequested = true;
            actions = List.copyOf(this.stopActions);
            this.stopActions.clear();
        }
        this.stop.countDown();
        runActions(actions);
    }

    /** Marks the run as ended: stop actions not yet run are dropped. */
    synchronized void close() {
        this.closed = true;
        this.stopActions.clear();
    }

    private void runActions(List<Runnable> actions) {
        if (actions.isEmpty()) {
            return;
        }
        Runnable all = () -> {
            for (Runnable action : actions) {
                try {
                    action.run();
                }
                catch (Throwable ex) {
                    logger.warn("Stop action of worker '{}' failed", this.threadName, ex);
                }
            }
        };
        try {
            Thread stopper = this.threads.newThread(all);
            stopper.setName(this.threadName + "/stop");
            stopper.start();
        }
        catch (Throwable ex) {
            // No thread to spare: stopping this worker late beats not stopping it.
            logger.warn("Could not start a stop thread for worker '{}'; running its stop actions here", this.threadName,
                    ex);
            all.run();
        }
    }

}
