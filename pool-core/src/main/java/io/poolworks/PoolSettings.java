package io.poolworks;

import java.time.Duration;
import java.util.Objects;

import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * The settings a {@link WorkerPool} runs with, as built or last tuned. Sizes and the
 * queue capacity are in {@link PoolStats}, since they change at run time as well.
 * Instances are immutable and thread-safe.
 *
 * @param queueOrder the order in which queued tasks start
 * @param saturationPolicy what a submit does when the queue is full
 * @param idleTimeout how long a worker above the minimum waits for a task before it exits
 * @param blockTimeout how long a blocking submit waits for room
 * @param drainTimeout how long a graceful shutdown lets queued and running tasks finish
 * @param terminationGrace how long a graceful shutdown waits for workers after it
 * cancelled the running tasks
 * @param priorityAging the aging interval of a priority queue, or {@code null} for none
 * @param rateLimit the current rate limit, or {@code null} when there is none or when it
 * is a user-supplied bucket (see {@code rateLimited})
 * @param rateLimited whether task starts are rate limited at all
 * @param taskTimeout the task timeout, or {@code null} for none
 * @param maxQueueWait the maximum queue wait, or {@code null} for none
 * @param threadNamePrefix the prefix of worker thread names, or {@code null} when a
 * thread factory names them
 * @param virtualThreads whether workers are virtual threads
 * @param startPermits the source of start permits behind the rate limit, or {@code null}
 * when starts are not limited
 * @param adaptiveLimit the adaptive limit as built, with its {@code initial} and
 * {@code max} resolved, or {@code null} for none (its current value is in
 * {@link PoolStats#adaptiveLimit()})
 * @param adaptiveLimitPinned the value the adaptive limit is pinned to by tuning, or
 * {@code null} when it is not pinned (or there is none)
 */
public record PoolSettings(QueueOrder queueOrder, SaturationPolicy saturationPolicy, Duration idleTimeout,
        Duration blockTimeout, Duration drainTimeout, Duration terminationGrace, @Nullable Duration priorityAging,
        @Nullable RateLimit rateLimit, boolean rateLimited, @Nullable Duration taskTimeout,
        @Nullable Duration maxQueueWait, @Nullable String threadNamePrefix, boolean virtualThreads,
        @Nullable StartPermits startPermits, @Nullable AdaptiveLimit adaptiveLimit,
        @Nullable Integer adaptiveLimitPinned) {

    /**
     * Validate the settings.
     * @throws NullPointerException if a required component is {@code null}
     */
    public PoolSettings {
        Objects.requireNonNull(queueOrder, "queueOrder must not be null");
        Objects.requireNonNull(saturationPolicy, "saturationPolicy must not be null");
        Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
        Objects.requireNonNull(blockTimeout, "blockTimeout must not be null");
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        Objects.requireNonNull(terminationGrace, "terminationGrace must not be null");
    }

    /**
     * Return the longest a graceful shutdown with the configured drain timeout takes: the
     * drain timeout plus the termination grace.
     * @return the shutdown bound
     */
    public Duration shutdownBound() {
        return this.drainTimeout.plus(this.terminationGrace);
    }

}
