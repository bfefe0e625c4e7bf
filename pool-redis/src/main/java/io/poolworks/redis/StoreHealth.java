package io.poolworks.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a limit's store answers: begins and ends outages, logging each once, counts
 * failed operations, and during an outage probes the store in the background (a PING at
 * most every probe interval) so that callers learn that it is back without each waiting
 * for the request timeout.
 */
final class StoreHealth {

    private static final Logger logger = LoggerFactory.getLogger(ClusterRateLimit.class);

    private final String key;

    private final StoreFailurePolicy policy;

    private final RedisStore store;

    private final long probeIntervalNanos;

    private final LongAdder errors = new LongAdder();

    private final AtomicBoolean probing = new AtomicBoolean();

    private volatile boolean reachable = true;

    /** A probe got an answer during the outage: the next caller tries the store again. */
    private volatile boolean answered;

    private volatile long nextProbeAt;

    /** Guarded by this. */
    private long outageStartedAt;

    /** Guarded by this. */
    private long outages;

    StoreHealth(String key, StoreFailurePolicy policy, RedisStore store, Duration probeInterval) {
        this.key = key;
        this.policy = policy;
        this.store = store;
        this.probeIntervalNanos = probeInterval.toNanos();
    }

    boolean reachable() {
        return this.reachable;
    }

    long errors() {
        return this.errors.sum();
    }

    synchronized long outages() {
        return this.outages;
    }

    /**
     * Return whether to send the next operation to the store: always while it is
     * reachable; during an outage only once a probe got an answer (and then once), and a
     * probe is started when one is due.
     */
    boolean shouldTry() {
        if (this.reachable) {
            return true;
        }
        if (this.answered) {
            this.answered = false;
            return true;
        }
        probeIfDue();
        return false;
    }

    /** Count a failed operation; the first failure while reachable begins an outage. */
    void failed(RuntimeException failure) {
        this.errors.increment();
        synchronized (this) {
            if (!this.reachable) {
                return;
            }
            this.reachable = false;
            this.outages++;
            this.outageStartedAt = System.nanoTime();
            this.nextProbeAt = this.outageStartedAt + this.probeIntervalNanos;
        }
        logger.warn("Cluster rate limit '{}' cannot reach Redis ({}): {} until it answers again", this.key,
                describe(failure), whatHappens());
        logger.debug("Cluster rate limit '{}' failure", this.key, failure);
    }

    /** Note a successful operation; the first one during an outage ends it. */
    void succeeded() {
        if (this.reachable) {
            return;
        }
        long outageNanos;
        synchronized (this) {
            if (this.reachable) {
                return;
            }
            this.reachable = true;
            this.answered = false;
            outageNanos = System.nanoTime() - this.outageStartedAt;
        }
        logger.info("Cluster rate limit '{}' reaches Redis again after an outage of {} ms; tasks start under the "
                + "shared limit", this.key, outageNanos / 1_000_000L);
    }

    private void probeIfDue() {
        if (System.nanoTime() - this.nextProbeAt < 0L || !this.probing.compareAndSet(false, true)) {
            return;
        }
        try {
            this.store.ping().whenComplete((pong, failure) -> probed(failure == null));
        }
        catch (RuntimeException ex) {
            probed(false);
        }
    }

    private void probed(boolean ok) {
        if (ok) {
            this.answered = true;
        }
        else {
            this.errors.increment();
        }
        this.nextProbeAt = System.nanoTime() + this.probeIntervalNanos;
        this.probing.set(false);
    }

    private String whatHappens() {
        return switch (this.policy) {
            case PAUSE -> "no task that needs a permit starts (on-store-failure PAUSE)";
            case LOCAL -> "tasks start under a local limit of the same settings (on-store-failure LOCAL)";
            case OPEN -> "tasks start without a limit (on-store-failure OPEN)";
        };
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + ((message != null) ? ": " + message : "");
    }

}
