package io.poolworks;

import java.util.List;
import java.util.concurrent.ThreadFactory;

import io.poolworks.event.PoolListener;
import io.poolworks.event.WorkersChanged;
import io.poolworks.spi.GuardedCalls;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts worker threads, outside the engine's lock, and remembers whether the thread
 * factory fails: then missing workers are retried after a backoff that doubles up to five
 * seconds, and the failure is logged once until a start succeeds again.
 */
final class WorkerStarts {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    private static final long FIRST_BACKOFF = 100_000_000L;

    private static final long MAX_BACKOFF = 5_000_000_000L;

    private final String pool;

    private final Ticker ticker;

    private final ThreadFactory factory;

    private volatile boolean failing;

    /**
     * How many starts failed so far: a start that succeeds ends an outage only if none
     * failed since it began, so that a start finishing late cannot hide a failure that
     * another thread just had (and the missing worker would never be retried).
     */
    private volatile long failures;

    private volatile long retryAt;

    private long backoff;

    private volatile @Nullable Throwable lastFailure;

    private final @Nullable GuardedCalls<PoolListener> listeners;

    WorkerStarts(String pool, Ticker ticker, ThreadFactory factory, @Nullable GuardedCalls<PoolListener> listeners) {
        this.pool = pool;
        this.ticker = ticker;
        this.factory = factory;
        this.listeners = listeners;
    }

    /**
     * Start reserved workers in order, stopping at the first failure so that a failing
     * factory is not hammered.
     * @return the index of the worker that failed to start, or -1 if all started
     */
    int startAll(List<PoolWorker> reserved, WorkerSet workers) {
        for (int i = 0; i < reserved.size(); i++) {
            PoolWorker worker = reserved.get(i);
            if (start(worker) != null) {
                return i;
            }
            published(worker, true, workers.count);
        }
        return -1;
    }

    /** Tell the listeners that a worker started or exited. */
    void published(PoolWorker worker, boolean started, int workers) {
        GuardedCalls<PoolListener> listeners = this.listeners;
        if (listeners != null) {
            listeners.call(PoolListener::workersChanged,
                    new WorkersChanged(this.pool, worker.threadName(), started, workers));
        }
    }

    /**
     * Create and start the worker's thread.
     * @return the failure, or {@code null} if the worker runs
     */
    @Nullable Throwable start(PoolWorker worker) {
        long failuresBefore = this.failures;
        Throwable failure;
        try {
            Thread thread = this.factory.newThread(worker);
            if (thread == null) {
                failure = new IllegalStateException("threadFactory returned null");
            }
            else if (thread.getState() != Thread.State.NEW) {
                failure = new IllegalStateException("threadFactory returned a thread that was already started ("
                        + thread + "): ThreadFactory.newThread must return an unstarted thread");
            }
            else {
                worker.slot.thread = thread;
                worker.launched = true;
                thread.start();
                started(failuresBefore);
                return null;
            }
        }
        catch (Throwable ex) {
            failure = ex;
        }
        failed(failure);
        return failure;
    }

    private synchronized void started(long failuresBefore) {
        if (this.failing && this.failures == failuresBefore) {
            this.failing = false;
            logger.info("Pool '{}' starts workers again", this.pool);
        }
    }

    private synchronized void failed(Throwable failure) {
        this.lastFailure = failure;
        this.failures++;
        if (!this.failing) {
            this.failing = true;
            this.backoff = FIRST_BACKOFF;
            logger.warn("Pool '{}' could not start a worker ({}); it retries while workers are missing", this.pool,
                    failure.toString(), failure);
        }
        else {
            this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
            logger.debug("Pool '{}' still cannot start a worker", this.pool, failure);
        }
        this.retryAt = this.ticker.read() + this.backoff;
    }

    /** Whether the last outage of the thread factory is still under way (for the log). */
    boolean failing() {
        return this.failing;
    }

    boolean retryDue() {
        return this.ticker.read() - this.retryAt >= 0L;
    }

    /**
     * The time an idle worker may wait: at most until the next retry while workers are
     * missing.
     * @param wait the wait without retries, {@code 0} for no limit
     * @param deficit whether workers are missing
     */
    long retryWait(long wait, boolean deficit) {
        if (!deficit) {
            return wait;
        }
        long untilRetry = Math.max(1L, this.retryAt - this.ticker.read());
        return (wait > 0L) ? Math.min(wait, untilRetry) : untilRetry;
    }

    @Nullable Throwable lastFailure() {
        return this.lastFailure;
    }

}
