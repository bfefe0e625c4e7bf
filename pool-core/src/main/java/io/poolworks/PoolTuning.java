package io.poolworks;

import org.jspecify.annotations.Nullable;

/**
 * Run-time control of a {@link WorkerPool}, obtained from {@link WorkerPool#tuning()}.
 * <p>
 * Changes take effect at once and apply to tasks already queued: a larger maximum starts
 * workers for waiting tasks, a smaller one retires workers as they finish their current
 * task. Implementations are thread-safe.
 */
public interface PoolTuning {

    /**
     * Change the number of workers.
     * @param minWorkers the new minimum, {@code >= 0}; missing workers start at once
     * @param maxWorkers the new maximum, {@code >= 1} and {@code >= minWorkers}; workers
     * above it retire after their current task
     * @throws IllegalArgumentException if a bound is violated; nothing is changed then
     */
    void resize(int minWorkers, int maxWorkers);

    /**
     * Change the queue capacity. A smaller capacity drops nothing: tasks already queued
     * stay queued, new ones are refused until the queue is below the new capacity.
     * @param queueCapacity the new capacity, {@code >= 0} ({@code 0} is a direct
     * hand-off)
     * @throws IllegalArgumentException if negative; nothing is changed then
     */
    void queueCapacity(int queueCapacity);

    /**
     * Change or remove the limit on task starts. Applies to tasks not yet started;
     * removing the limit releases the tasks waiting for it at once.
     * @param rateLimit the new limit, or {@code null} for none
     */
    void rateLimit(@Nullable RateLimit rateLimit);

    /**
     * Stop starting tasks. Running tasks go on; new tasks are queued up to the capacity.
     * Has no effect on a pool that is shutting down.
     */
    void pause();

    /**
     * Start tasks again after {@link #pause()}. Has no effect on a pool that is not
     * paused.
     */
    void resume();

}
