package io.poolworks;

import java.util.Objects;

/**
 * A concurrency limit that a pool finds by itself from the run times of its tasks: how
 * many tasks it runs at once, between {@code min} and {@code max}, below its
 * {@code maxWorkers} (which stays the hard ceiling). <pre>{@code
 * WorkerPool pool = WorkerPool.builder("inventory")
 *         .maxWorkers(64)
 *         .adaptiveLimit(AdaptiveLimit.of(AdaptiveLimit.Algorithm.GRADIENT2).withMin(2))
 *         .build();
 * }</pre>
 * <p>
 * Use it when the tasks wait on one downstream whose latency grows with load (a database,
 * a remote service): the limit L settles near the concurrency beyond which that latency
 * only grows, so the tasks beyond it wait in the pool's queue (bounded, cancellable,
 * drainable) instead of piling on the downstream. Workers beyond L idle and exit after
 * the idle timeout as usual.
 * <p>
 * <b>What it measures.</b> Every task that ran on a worker gives one sample: its run time
 * and how many tasks ran at once when it started. A task that timed out
 * ({@link WorkerPool.Builder#taskTimeout(java.time.Duration) taskTimeout}) or threw
 * {@link OverloadedException} (itself or as a cause) is a <em>drop</em>; other failures,
 * cancelled and expired tasks and tasks run in the caller give no sample (and L does not
 * hold back a task that {@link SaturationPolicy#CALLER_RUNS} runs in the caller). Samples
 * are taken in windows of at least 10 (and at least L), and a window's latency is its
 * median run time, so that one slow task does not speak for the others. Healthy windows
 * are fed to one of Netflix's concurrency-limits algorithms
 * ({@code com.netflix.concurrency-limits:concurrency-limits-core}, an optional dependency
 * that must be on the class path when a pool has an adaptive limit).
 * <p>
 * <b>The guard.</b> Under steady overload these algorithms can creep: Gradient2's
 * long-term latency drifts up to the loaded latency until its gradient is 1 again and the
 * limit grows by its queue size on every update (concurrency-limits issue #134); Vegas's
 * no-load probe can take a loaded latency for the no-load one; Gradient2 ignores drops.
 * So the pool keeps an <em>anchor</em>, the lowest median run time of a window seen so
 * far (the downstream without load), and calls a window <em>overloaded</em> when it holds
 * a drop or its median run time exceeds {@value #TOLERANCE} × the anchor. An overloaded
 * window is never fed to the algorithm and L never grows on it. A drop cuts L to
 * {@value #BACKOFF} × L at once. Latency cuts L once the windows stayed slow for half a
 * second (a stall of the machine, such as a GC pause or a starved CPU, makes every task
 * slow for a moment, whatever the load), to {@value #BACKOFF} × the concurrency that
 * would carry the observed throughput at the anchor's latency (Little's law: mean
 * in-flight × anchor ÷ median run time). Tasks that started before a cut do not count
 * against the next one, and the algorithm starts again from the cut value. A cut lands
 * just below the downstream's knee, where run times show the anchor again, so the anchor
 * stays fresh under overload. A downstream that became slower for good is re-anchored
 * once L reached {@code min}: the median run time seen there becomes the new anchor. L
 * therefore moves in a band from about {@value #BACKOFF} to 1.7 times the knee and does
 * not climb under steady overload.
 * <p>
 * The algorithms are tuned for pools, so that L can settle at a small knee: Gradient2
 * grows by {@code max(1, sqrt(L) / 2)} per window, smoothing 0.2, rtt tolerance
 * {@value #TOLERANCE}; Vegas aims at 2 to {@code max(2, L / 5)} tasks queued downstream,
 * grows and shrinks by 1, and its own random probe is off (the anchor does that job);
 * AIMD grows by one per busy window and backs off by {@value #BACKOFF} (its own 5 s
 * timeout is off: the pool says what a drop is). A limit can be pinned at run time with
 * {@link PoolTuning.Change#adaptiveLimit(Integer)}. Instances are immutable and
 * thread-safe.
 *
 * @param algorithm the algorithm
 * @param initial the limit to start with, {@code min} to {@code max}, or {@code 0} for
 * {@value #DEFAULT_INITIAL} within {@code [min, max]}
 * @param min the lowest limit, {@code >= 1}
 * @param max the highest limit, at most the pool's {@code maxWorkers}, or {@code 0} for
 * the pool's {@code maxWorkers} as built
 */
public record AdaptiveLimit(Algorithm algorithm, int initial, int min, int max) {

    /** The initial limit when none is given, within {@code [min, max]}. */
    public static final int DEFAULT_INITIAL = 4;

    /** The multiple of the anchor above which a window's median run time is overload. */
    public static final double TOLERANCE = 1.5;

    /** The share of the no-load concurrency (or of L, for a drop) a cut keeps. */
    public static final double BACKOFF = 0.9;

    /**
     * Validate a limit; the rules between the values and the pool's {@code maxWorkers}
     * are checked when the pool is built.
     * @param algorithm the algorithm
     * @param initial the limit to start with, or {@code 0} for the default
     * @param min the lowest limit, {@code >= 1}
     * @param max the highest limit, or {@code 0} for the pool's {@code maxWorkers}
     * @throws NullPointerException if {@code algorithm} is {@code null}
     * @throws InvalidSettingException if a value is out of range: it names
     * {@code adaptiveLimit.initial}, {@code adaptiveLimit.min} or
     * {@code adaptiveLimit.max}
     */
    public AdaptiveLimit {
        Objects.requireNonNull(algorithm, "adaptiveLimit.algorithm must not be null");
        Check.between("adaptiveLimit.initial", initial, 0, WorkerPool.MAX_WORKERS, null);
        Check.between("adaptiveLimit.min", min, 1, WorkerPool.MAX_WORKERS, null);
        Check.between("adaptiveLimit.max", max, 0, WorkerPool.MAX_WORKERS, null);
    }

    /**
     * Return a limit with the given algorithm, the default initial limit, a minimum of 1
     * and the pool's {@code maxWorkers} as maximum.
     * @param algorithm the algorithm
     * @return the adaptive limit
     * @throws NullPointerException if {@code algorithm} is {@code null}
     */
    public static AdaptiveLimit of(Algorithm algorithm) {
        return new AdaptiveLimit(algorithm, 0, 1, 0);
    }

    /**
     * Return a copy with another initial limit.
     * @param initial the limit to start with, {@code min} to {@code max}, or {@code 0}
     * for the default
     * @return the adaptive limit
     * @throws InvalidSettingException if out of range
     */
    public AdaptiveLimit withInitial(int initial) {
        return new AdaptiveLimit(this.algorithm, initial, this.min, this.max);
    }

    /**
     * Return a copy with another minimum.
     * @param min the lowest limit, {@code >= 1}
     * @return the adaptive limit
     * @throws InvalidSettingException if out of range
     */
    public AdaptiveLimit withMin(int min) {
        return new AdaptiveLimit(this.algorithm, this.initial, min, this.max);
    }

    /**
     * Return a copy with another maximum.
     * @param max the highest limit, or {@code 0} for the pool's {@code maxWorkers}
     * @return the adaptive limit
     * @throws InvalidSettingException if out of range
     */
    public AdaptiveLimit withMax(int max) {
        return new AdaptiveLimit(this.algorithm, this.initial, this.min, max);
    }

    /**
     * Return this limit with its defaults resolved for a pool, checked against its
     * {@code maxWorkers}.
     * @param maxWorkers the pool's {@code maxWorkers}
     * @param pool the pool
     * @return a limit whose {@code initial} and {@code max} are set
     * @throws InvalidSettingException if {@code min <= initial <= max <= maxWorkers} does
     * not hold
     */
    AdaptiveLimit resolve(int maxWorkers, String pool) {
        int max = (this.max != 0) ? this.max : maxWorkers;
        if (max > maxWorkers) {
            throw new InvalidSettingException("adaptiveLimit.max", max, "must be <= maxWorkers (" + maxWorkers + ")",
                    pool);
        }
        if (max < this.min) {
            throw new InvalidSettingException("adaptiveLimit.max", max,
                    "must be >= adaptiveLimit.min (" + this.min + ")", pool);
        }
        int initial = (this.initial != 0) ? this.initial : Math.max(this.min, Math.min(DEFAULT_INITIAL, max));
        if (initial < this.min || initial > max) {
            throw new InvalidSettingException("adaptiveLimit.initial", initial,
                    "must be between adaptiveLimit.min (" + this.min + ") and adaptiveLimit.max (" + max + ")", pool);
        }
        return new AdaptiveLimit(this.algorithm, initial, this.min, max);
    }

    /**
     * The algorithms of Netflix's concurrency-limits a pool can use.
     */
    public enum Algorithm {

        /**
         * Gradient2: the gradient between a long-term and the current latency, plus a
         * queue size that lets the limit grow. The default choice.
         */
        GRADIENT2,

        /**
         * Vegas (after TCP Vegas): estimates how many tasks queue downstream from the
         * no-load latency and keeps that number small.
         */
        VEGAS,

        /**
         * Additive increase, multiplicative decrease: grows by one while the pool is busy
         * and backs off on drops (and, with the pool's guard, on overload latency).
         */
        AIMD

    }

}
