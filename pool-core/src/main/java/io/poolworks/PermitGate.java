package io.poolworks;

import java.util.concurrent.locks.ReentrantLock;

import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start gate of a pool: its permit source and who may ask it. Guarded by the engine's
 * lock, which {@link #acquire} and {@link #giveBack} release while they call the source,
 * so that a slow or remote source never holds up submitters or other workers.
 * <p>
 * One worker at a time is the taker: it asks the source and, if told to wait, waits as
 * the taker, so that the source is asked once per start, not once per idle worker. A
 * source that throws is in an outage: the taker retries after a backoff that doubles up
 * to a second; the outage is logged once when it begins and once when it ends.
 */
final class PermitGate {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    private static final long FIRST_BACKOFF = 50_000_000L;

    private static final long MAX_BACKOFF = 1_000_000_000L;

    private final String pool;

    private final Ticker ticker;

    private volatile @Nullable StartPermits source;

    private @Nullable PoolWorker taker;

    private long waits;

    private long errors;

    private long errorsInOutage;

    private long backoff;

    private long retryAt;

    PermitGate(String pool, Ticker ticker, @Nullable StartPermits source) {
        this.pool = pool;
        this.ticker = ticker;
        this.source = source;
    }

    boolean active() {
        return this.source != null;
    }

    @Nullable StartPermits source() {
        return this.source;
    }

    long waits() {
        return this.waits;
    }

    long errors() {
        return this.errors;
    }

    /**
     * Make sure the worker holds a usable permit for the head of the queue.
     * @return {@code 0} when it does (or there is no gate); a positive number of
     * nanoseconds to wait as the taker before asking again; {@code -1} when another
     * worker is the taker (wait until signalled)
     */
    long acquire(PoolWorker worker, ReentrantLock lock) {
        StartPermits source = this.source;
        if (worker.permitSource != null && worker.permitSource != source) {
            // The gate changed since this permit was taken.
            giveBack(worker, lock);
            source = this.source;
        }
        if (source == null || (worker.permitSource == source && worker.permitReady)) {
            return 0L;
        }
        if (this.taker != null && this.taker != worker) {
            return -1L;
        }
        if (this.errorsInOutage > 0L) {
            long wait = this.retryAt - this.ticker.read();
            if (wait > 0L) {
                return wait;
            }
        }
        this.taker = worker;
        long wait;
        Throwable error = null;
        lock.unlock();
        try {
            wait = source.tryAcquire();
        }
        catch (Throwable ex) {
            error = ex;
            wait = 0L;
        }
        finally {
            lock.lock();
            this.taker = null;
        }
        if (error != null) {
            return failed(source, error);
        }
        if (this.errorsInOutage > 0L) {
            logger.info("Pool '{}' gets start permits from {} again, after {} failed attempts", this.pool, source,
                    this.errorsInOutage);
            this.errorsInOutage = 0L;
        }
        worker.permitSource = source;
        worker.permitReady = (wait <= 0L);
        if (wait > 0L) {
            this.waits++;
            return wait;
        }
        return 0L;
    }

    private long failed(StartPermits source, Throwable error) {
        this.errors++;
        if (this.errorsInOutage++ == 0L) {
            this.backoff = FIRST_BACKOFF;
            logger.warn("Pool '{}' cannot get start permits from {}; its tasks stay queued and it retries "
                    + "until the source answers", this.pool, source, error);
        }
        else {
            this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
            logger.debug("Pool '{}' still cannot get start permits from {}", this.pool, source, error);
        }
        this.retryAt = this.ticker.read() + this.backoff;
        return this.backoff;
    }

    /** The worker starts the head with its permit. */
    void consume(PoolWorker worker) {
        worker.permitSource = null;
        worker.permitReady = false;
    }

    /**
     * Give back the worker's permit or reservation, if it holds one; releases the lock
     * meanwhile.
     */
    void giveBack(PoolWorker worker, ReentrantLock lock) {
        StartPermits source = worker.permitSource;
        if (source == null) {
            return;
        }
        worker.permitSource = null;
        worker.permitReady = false;
        lock.unlock();
        try {
            source.release();
        }
        catch (Throwable ex) {
            logger.warn("Pool '{}' could not give a start permit back to {}", this.pool, source, ex);
        }
        finally {
            lock.lock();
        }
    }

    /** The worker waits as the taker. */
    void holdTaker(PoolWorker worker) {
        this.taker = worker;
    }

    void releaseTaker(PoolWorker worker) {
        if (this.taker == worker) {
            this.taker = null;
        }
    }

    /** Interrupt a taker blocked in the source, so that a shutdown's stop ends it. */
    void interruptTaker() {
        PoolWorker taker = this.taker;
        Thread thread = (taker != null) ? taker.slot.thread : null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * Use another source (or none) from now on; permits of the old one are given back as
     * workers notice.
     * @return the source replaced, to be closed once nobody asks it any more, or
     * {@code null}
     */
    @Nullable StartPermits replace(@Nullable StartPermits source) {
        StartPermits old = this.source;
        this.source = source;
        this.errorsInOutage = 0L;
        return (old != source) ? old : null;
    }

    /** Close a source that is no longer used; called without the lock. */
    void close(@Nullable StartPermits source) {
        if (source != null) {
            try {
                source.close();
            }
            catch (Throwable ex) {
                logger.warn("Pool '{}' could not close its permit source {}", this.pool, source, ex);
            }
        }
    }

}
