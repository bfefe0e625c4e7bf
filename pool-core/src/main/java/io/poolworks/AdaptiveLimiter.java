package io.poolworks;

import java.util.Arrays;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adaptive limit L of a pool: takes the samples of finished tasks outside the
 * engine's lock, in windows, feeds the healthy windows to the {@link LimitAlgorithm} and
 * applies the guard the {@link AdaptiveLimit} javadoc describes (the anchor, no growth on
 * an overloaded window, a cut after {@link #CONFIRM_NANOS} of slowness or at once on a
 * drop, one cut per round trip, re-anchoring at the minimum). The engine's
 * {@link AdaptiveGate} reads L without a lock.
 * <p>
 * A window closes once it holds {@value #WINDOW} samples and at least L, so that it spans
 * about one round of every running task. Its latency is the median run time of its
 * samples other than drops: a drop's run time says nothing about the downstream's latency
 * (a timed-out task ran as long as the timeout), and one task stalled by the machine must
 * not speak for the window. Samples of tasks that started before the last cut are left
 * out: they ran under the old limit.
 * <p>
 * Thread-safe: samples from many workers are serialized on this object's monitor, one
 * short critical section per task (and, once per window, the algorithm); time comes from
 * the caller, so that a simulation can drive it with a fake clock.
 */
final class AdaptiveLimiter {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    /** The fewest samples of a window. */
    static final int WINDOW = 10;

    /**
     * How long windows must stay slow before a cut: a stall of the machine (a GC pause, a
     * starved CPU) makes every task slow for a moment, whatever the load.
     */
    static final long CONFIRM_NANOS = 500_000_000L;

    private final String pool;

    private final int min;

    private final int max;

    private final boolean guarded;

    private final IntFunction<LimitAlgorithm> algorithms;

    /** The algorithm, rebuilt from a new starting limit after a cut or a pin. */
    private LimitAlgorithm algorithm;

    /** L as the algorithm and the guard set it. */
    private volatile int limit;

    /** L as pinned by tuning, or {@code 0}. */
    private volatile int pinned;

    /** The lowest median run time of a window: the downstream without load. */
    private double anchor;

    /** Samples of tasks that started before this are left out (the last cut). */
    private long countFrom;

    private boolean counting;

    private int samples;

    /**
     * The run times of the window's samples that are not drops, the first {@code timed}.
     */
    private long[] rtts = new long[WINDOW];

    private int timed;

    private long inflightSum;

    private int maxInflight;

    private boolean dropped;

    /** L averaged over about the last 20 windows, for the log. */
    private double average;

    /** The average when it was last logged. */
    private double logged;

    /** Whether the last windows were slow (without a drop), since {@link #slowSince}. */
    private boolean slowing;

    private long slowSince;

    /**
     * Create the limit of a pool.
     * @param config the limit, resolved for the pool
     * @param pool the pool
     * @param guarded whether the guard applies (only tests turn it off, to show the
     * creep)
     * @param algorithms makes the algorithm start from a given limit
     */
    AdaptiveLimiter(AdaptiveLimit config, String pool, boolean guarded, IntFunction<LimitAlgorithm> algorithms) {
        this.pool = pool;
        this.min = config.min();
        this.max = config.max();
        this.guarded = guarded;
        this.algorithms = algorithms;
        this.algorithm = algorithms.apply(config.initial());
        this.limit = config.initial();
        this.average = config.initial();
        this.logged = config.initial();
    }

    /**
     * Create the guarded limit of a pool.
     * @param algorithms the algorithm's factory, or {@code null} for the configured one
     * @throws IllegalStateException if concurrency-limits is not on the class path
     */
    static AdaptiveLimiter of(AdaptiveLimit config, String pool, @Nullable IntFunction<LimitAlgorithm> algorithms) {
        return new AdaptiveLimiter(config, pool, true,
                (algorithms != null) ? algorithms : (initial) -> LimitAlgorithm.create(config, initial, pool));
    }

    /** The effective limit: pinned, or found. */
    int limit() {
        int pinned = this.pinned;
        return (pinned != 0) ? pinned : this.limit;
    }

    /** The pinned limit, or {@code null}. */
    @Nullable Integer pinned() {
        int pinned = this.pinned;
        return (pinned != 0) ? pinned : null;
    }

    /** The anchor: the lowest median run time of a window, in nanoseconds. */
    synchronized double anchorNanos() {
        return this.anchor;
    }

    /**
     * Pin L, or unpin it: then the algorithm starts again from the pinned value, within
     * the bounds, and the samples taken while pinned are forgotten.
     * @param pinned the value, {@code >= 1}, or {@code null} to unpin
     */
    synchronized void pin(@Nullable Integer pinned) {
        if (pinned == null && this.pinned != 0) {
            this.limit = clamp(this.pinned);
            restart(this.limit);
        }
        this.pinned = (pinned != null) ? pinned : 0;
        resetWindow();
    }

    /**
     * Take the sample of a finished task.
     * @param start when it started, in the pool's nanoseconds
     * @param rtt how long it ran, in nanoseconds
     * @param inflight how many tasks ran under the limit when it started, itself included
     * @param drop whether it timed out or reported overload
     */
    void sample(long start, long rtt, int inflight, boolean drop) {
        double before;
        double after;
        int limit;
        double anchor;
        synchronized (this) {
            if (this.pinned != 0 || (this.counting && start - this.countFrom < 0L)) {
                return;
            }
            this.samples++;
            if (!drop) {
                if (this.timed == this.rtts.length) {
                    this.rtts = Arrays.copyOf(this.rtts, 2 * this.timed);
                }
                this.rtts[this.timed++] = Math.max(1L, rtt);
            }
            this.inflightSum += inflight;
            this.maxInflight = Math.max(this.maxInflight, inflight);
            this.dropped |= drop;
            if (this.samples < Math.max(WINDOW, this.limit)) {
                return;
            }
            limit = closeWindow(start, start + rtt);
            before = this.logged;
            after = this.average;
            anchor = this.anchor;
            if (after < 2.0 * before && 2.0 * after > before) {
                return;
            }
            this.logged = after;
        }
        logger.info("Pool '{}' adaptive limit averages {} now, {} before (limit {}, no-load run time {} ms)", this.pool,
                round(after), round(before), limit, round(anchor / 1_000_000.0));
    }

    private static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    /** Decide on the window that just closed; returns the new L. */
    private int closeWindow(long start, long end) {
        int current = this.limit;
        double rtt = median();
        double inflight = (double) this.inflightSum / this.samples;
        if (rtt > 0.0 && (this.anchor == 0.0 || rtt < this.anchor)) {
            this.anchor = rtt;
        }
        boolean slow = rtt > AdaptiveLimit.TOLERANCE * this.anchor;
        int next;
        if (!this.guarded) {
            next = clamp(this.algorithm.update(start, (long) Math.max(rtt, 1.0), this.maxInflight, this.dropped));
        }
        else if (slow && !this.dropped && (!this.slowing || end - this.slowSince < CONFIRM_NANOS)) {
            // Maybe a stall of the machine, not load: hold L, look again.
            this.slowSince = this.slowing ? this.slowSince : end;
            this.slowing = true;
            next = current;
        }
        else if (!slow && !this.dropped) {
            this.slowing = false;
            int proposed = this.algorithm.update(start, (long) rtt, this.maxInflight, false);
            next = clamp(proposed);
            if (next != proposed) {
                restart(next);
            }
        }
        else {
            // Little's law for latency, L itself for a drop.
            double target = slow ? inflight * this.anchor / rtt : current;
            next = clamp(Math.min(current, (int) (AdaptiveLimit.BACKOFF * target)));
            this.slowing = false;
            if (next < current) {
                this.counting = true;
                this.countFrom = end;
                restart(next);
            }
            else if (slow && current == this.min) {
                // Slow even at min: the downstream's no-load latency is this now.
                this.anchor = rtt;
            }
        }
        this.limit = next;
        this.average += 0.1 * (next - this.average);
        resetWindow();
        return next;
    }

    /** The window's median run time, or 0 when it holds only drops. */
    private double median() {
        if (this.timed == 0) {
            return 0.0;
        }
        Arrays.sort(this.rtts, 0, this.timed);
        int middle = this.timed / 2;
        return ((this.timed % 2 == 1) ? this.rtts[middle] : (this.rtts[middle - 1] + this.rtts[middle]) / 2.0);
    }

    private int clamp(int limit) {
        return Math.max(this.min, Math.min(this.max, limit));
    }

    private void restart(int limit) {
        this.algorithm = this.algorithms.apply(limit);
    }

    private void resetWindow() {
        this.samples = 0;
        this.timed = 0;
        this.inflightSum = 0L;
        this.maxInflight = 0;
        this.dropped = false;
    }

    @Override
    public synchronized String toString() {
        return "AdaptiveLimiter[limit=" + limit() + ", anchor=" + this.anchor + " ns, " + this.algorithm + "]";
    }

}
