package io.poolworks.redis;

import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a stream source reaches Redis: the first failure begins an outage and the first
 * success after it ends it, each logged once, whichever of the reader and the
 * acknowledgements sees it.
 */
final class Outage {

    private static final Logger logger = LoggerFactory.getLogger(StreamSource.class);

    private final StreamSettings settings;

    private final LongSupplier nanoTime;

    private volatile boolean down;

    /** Guarded by this. */
    private long startedAt;

    /** Guarded by this. */
    private long outages;

    Outage(StreamSettings settings) {
        this(settings, System::nanoTime);
    }

    /** A clock of its own, for tests of how long an outage lasts. */
    Outage(StreamSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    boolean reachable() {
        return !this.down;
    }

    /**
     * How long the outage under way has lasted, from its first failure; -1 while Redis is
     * reachable. One read, so that it agrees with {@link #reachable()} at that instant.
     */
    synchronized long unreachableNanos() {
        return this.down ? Math.max(0L, this.nanoTime.getAsLong() - this.startedAt) : -1L;
    }

    synchronized long outages() {
        return this.outages;
    }

    /** Note a failed operation; the first one while reachable begins an outage. */
    void failed(String operation, Throwable failure) {
        synchronized (this) {
            if (this.down) {
                return;
            }
            this.down = true;
            this.outages++;
            this.startedAt = this.nanoTime.getAsLong();
        }
        logger.warn("{} cannot reach Redis ({} failed: {}); it retries with a backoff, and unacknowledged entries "
                + "stay pending in Redis meanwhile", this.settings.describe(), operation, describe(failure));
        logger.debug("{} failure", this.settings.describe(), failure);
    }

    /** Note a successful operation; the first one during an outage ends it. */
    void succeeded() {
        if (!this.down) {
            return;
        }
        long nanos;
        synchronized (this) {
            if (!this.down) {
                return;
            }
            this.down = false;
            nanos = this.nanoTime.getAsLong() - this.startedAt;
        }
        logger.info("{} reaches Redis again after an outage of {} ms", this.settings.describe(), nanos / 1_000_000L);
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + ((message != null) ? ": " + message : "");
    }

}
