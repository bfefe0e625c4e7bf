package io.poolworks;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Run-time control of a {@link WorkerPool}, obtained from {@link WorkerPool#tuning()}.
 * <p>
 * Changes take effect at once and apply to tasks already queued: a larger maximum starts
 * workers for waiting tasks, a smaller one retires workers as they finish their current
 * task. Several settings change together, or not at all, with {@link #update(Consumer)}:
 * <pre>{@code
 * pool.tuning().update((change) -> change.maxWorkers(8).queueCapacity(50)
 *         .rateLimit(RateLimit.of(20, Duration.ofSeconds(1))));
 * }</pre>
 * <p>
 * A refused value throws {@link InvalidSettingException} naming the setting, the value,
 * the rule and the pool, and changes nothing. Implementations are thread-safe; updates
 * are applied one at a time.
 */
public interface PoolTuning {

    /**
     * Change several settings at once: every value is checked first, against each other
     * and against the settings that stay, then all are applied together. If one is
     * refused, nothing changes.
     * @param change receives the {@link Change} to fill in; settings it does not set keep
     * their value
     * @throws InvalidSettingException if a value is refused, by the pool or by the source
     * of its rate limit; nothing is changed then
     * @throws IllegalStateException if the new rate limit's source cannot apply it (its
     * store is unreachable, say); nothing is changed then
     * @throws NullPointerException if {@code change} is {@code null}
     */
    void update(Consumer<? super Change> change);

    /**
     * Change the number of workers.
     * @param minWorkers the new minimum, {@code 0} to {@value WorkerPool#MAX_WORKERS};
     * missing workers start at once
     * @param maxWorkers the new maximum, {@code 1} to {@value WorkerPool#MAX_WORKERS} and
     * {@code >= minWorkers}; workers above it retire after their current task
     * @throws InvalidSettingException if a bound is violated; nothing is changed then
     */
    default void resize(int minWorkers, int maxWorkers) {
        update((change) -> change.minWorkers(minWorkers).maxWorkers(maxWorkers));
    }

    /**
     * Change the queue capacity. A smaller capacity drops nothing: tasks already queued
     * stay queued, new ones are refused until the queue is below the new capacity.
     * @param queueCapacity the new capacity, {@code >= 0} ({@code 0} is a direct
     * hand-off)
     * @throws InvalidSettingException if negative; nothing is changed then
     */
    default void queueCapacity(int queueCapacity) {
        update((change) -> change.queueCapacity(queueCapacity));
    }

    /**
     * Change or remove the limit on task starts. Applies to tasks not yet started;
     * removing the limit releases the tasks waiting for it at once. A pool whose permits
     * come from a shared source (a cluster limit) reconfigures that source.
     * @param rateLimit the new limit, or {@code null} for none
     * @throws IllegalStateException if the source cannot apply the limit; nothing is
     * changed then
     */
    default void rateLimit(@Nullable RateLimit rateLimit) {
        update((change) -> change.rateLimit(rateLimit));
    }

    /**
     * Stop starting tasks. Running tasks go on; new tasks are queued up to the capacity.
     * Has no effect on a pool that is shutting down.
     */
    default void pause() {
        update((change) -> change.paused(true));
    }

    /**
     * Start tasks again after {@link #pause()}. Has no effect on a pool that is not
     * paused.
     */
    default void resume() {
        update((change) -> change.paused(false));
    }

    /**
     * The settings one {@link PoolTuning#update(Consumer)} changes. Each setter checks
     * its value at once; rules between settings are checked when the update is applied.
     * The last call of a setter wins. Not thread-safe, and only valid inside the update.
     */
    interface Change {

        /**
         * Set the minimum number of workers.
         * @param minWorkers {@code 0} to {@value WorkerPool#MAX_WORKERS}
         * @return this change
         * @throws InvalidSettingException if out of range
         */
        Change minWorkers(int minWorkers);

        /**
         * Set the maximum number of workers.
         * @param maxWorkers {@code 1} to {@value WorkerPool#MAX_WORKERS}, and at least
         * the minimum after the update
         * @return this change
         * @throws InvalidSettingException if out of range
         */
        Change maxWorkers(int maxWorkers);

        /**
         * Set the queue capacity.
         * @param queueCapacity {@code >= 0}
         * @return this change
         * @throws InvalidSettingException if negative
         */
        Change queueCapacity(int queueCapacity);

        /**
         * Set or remove the rate limit.
         * @param rateLimit the limit, or {@code null} to remove it
         * @return this change
         */
        Change rateLimit(@Nullable RateLimit rateLimit);

        /**
         * Pause or resume the pool.
         * @param paused {@code true} to stop starting tasks, {@code false} to start them
         * again
         * @return this change
         */
        Change paused(boolean paused);

        /**
         * Pin the pool's {@link AdaptiveLimit} to a value, or let it adapt again. While
         * pinned, at most that many tasks run at once and run times are not sampled; once
         * unpinned, the algorithm starts again from the pinned value (within the limit's
         * {@code min} and {@code max}). Unpinning a limit that is not pinned, or a pool
         * without one, changes nothing.
         * @param pinned the value, {@code 1} to {@code maxWorkers} after the update, or
         * {@code null} to unpin
         * @return this change
         * @throws InvalidSettingException if below 1 or above
         * {@value WorkerPool#MAX_WORKERS}; the update also refuses a value above
         * {@code maxWorkers} or a pool built without an adaptive limit
         */
        Change adaptiveLimit(@Nullable Integer pinned);

    }

}
