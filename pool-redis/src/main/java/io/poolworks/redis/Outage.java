package io.poolworks.redis;

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

    private volatile boolean down;

    /** Guarded by this. */
    private long startedAt;

    /** Guarded by this. */
    private long outages;

    Outage(StreamSettings settings) {
        this.settings = settings;
    }

    boolean reachable() {
        return !this.down;
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
            this.startedAt = System.nanoTime();
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
            nanos = System.nanoTime() - this.startedAt;
        }
        logger.info("{} reaches Redis again after an outage of {} ms", this.settings.describe(), nanos / 1_000_000L);
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + ((message != null) ? ": " + message : "");
    }

}
