package io.poolworks.spi;

import java.util.function.LongSupplier;

import io.poolworks.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * A source of permits to start tasks: the gate behind a pool's rate limit.
 * <p>
 * Before a pool with a rate limit starts a queued task, one of its workers asks
 * {@link #tryAcquire()} for a permit. The pool calls this interface from one thread at a
 * time and never while it holds its own lock: submitters and the other workers go on
 * while the source answers, so a slow or remote source never blocks {@code tryExecute}.
 * Tasks waiting for a permit stay queued, cancellable and drainable.
 * <p>
 * If {@code tryAcquire} throws, the pool treats the source as unavailable: it starts
 * nothing that needs a permit, retries with a bounded backoff, logs one WARN per outage
 * and counts the failures in {@link io.poolworks.PoolStats#permitErrors()}. Workers never
 * die of it. A source that wants another behaviour while its store is down (start under a
 * local limit, or not limit at all) answers instead of throwing.
 * <p>
 * An instance serves one pool. Implementations must tolerate calls from different threads
 * (one at a time) and a concurrent {@link #withRateLimit(RateLimit)}.
 *
 * @see io.poolworks.WorkerPool.Builder#startPermits(StartPermits)
 */
public interface StartPermits {

    /**
     * Take a permit to start one task if there is one now.
     * <p>
     * A source may reserve the next permit when it answers with a wait (the local bucket
     * does, so that late wake-ups never lose rate); the pool then either asks again after
     * the wait, which claims the reservation, or calls {@link #release()}.
     * @return {@code 0} if a permit was taken and the task may start now; otherwise a
     * positive number of nanoseconds after which to ask again
     * @throws Exception if the source cannot answer (for example its store is
     * unreachable); the pool retries later
     */
    long tryAcquire() throws Exception;

    /**
     * Give back the permit (or the reservation) of the last {@link #tryAcquire()},
     * because the task it was for vanished in the meantime (cancelled, expired or handed
     * back by a shutdown). Does nothing if the last call took nothing.
     */
    void release();

    /**
     * Return the limit this source enforces, for statistics and endpoints.
     * @return the rate limit, or {@code null} if it cannot be described as one
     */
    @Nullable RateLimit rateLimit();

    /**
     * Return a source that enforces the given limit from now on, for
     * {@link io.poolworks.PoolTuning#rateLimit(RateLimit)}. The default returns a new
     * local bucket; a shared source reconfigures its store (so that every instance of a
     * service sees the change) and returns itself. Called without the pool's lock, from
     * the thread that tunes the pool.
     * @param rateLimit the new limit
     * @return the source to use from now on
     * @throws Exception if the source cannot apply the limit; the pool keeps the old one
     */
    default StartPermits withRateLimit(RateLimit rateLimit) throws Exception {
        return local(rateLimit);
    }

    /**
     * Release what the source holds (a connection, for example). The pool calls it once
     * it terminated, and on a source that tuning replaced with another; the default does
     * nothing.
     */
    default void close() {
    }

    /**
     * Return a local token bucket (Bucket4j, greedy refill) with the given limit. When
     * the bucket is empty it reserves the next token and answers how long until it is
     * due, so that a worker waking late never loses rate.
     * @param rateLimit the limit
     * @return a new source
     * @throws NullPointerException if the limit is {@code null}
     */
    static StartPermits local(RateLimit rateLimit) {
        return local(rateLimit, System::nanoTime);
    }

    /**
     * Return a local token bucket, as {@link #local(RateLimit)}, that reads time from the
     * given clock; tests pass a fake one.
     * @param rateLimit the limit
     * @param nanoTime the clock, as {@link System#nanoTime()}
     * @return a new source
     * @throws NullPointerException if an argument is {@code null}
     */
    static StartPermits local(RateLimit rateLimit, LongSupplier nanoTime) {
        return new LocalStartPermits(rateLimit, nanoTime);
    }

}
