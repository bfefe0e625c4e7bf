package io.poolworks;

import java.util.Objects;

/**
 * An immutable, consistent snapshot of a {@link WorkerPool}'s size and counters.
 * <p>
 * Counters are cumulative since the pool was built. Every snapshot satisfies the
 * accounting invariant
 * <pre>{@code submitted == completed + failed + cancelled + timedOut + expired + unstarted + queued + running}</pre>
 * A rejected task is never counted as submitted. A task run in the caller under
 * {@link SaturationPolicy#CALLER_RUNS} is counted as submitted and then like any other
 * (and in {@code callerRuns} as well). Instances are immutable and thread-safe.
 *
 * @param name the pool name
 * @param state the life-cycle state
 * @param minWorkers the minimum number of workers kept alive
 * @param maxWorkers the maximum number of workers
 * @param workers the number of live workers
 * @param activeWorkers the number of workers that are not waiting for a task
 * @param idleWorkers the number of workers waiting for a task
 * @param peakWorkers the largest number of workers the pool has had at once
 * @param queued the number of tasks waiting in the queue
 * @param queueCapacity the number of tasks the queue holds beyond those idle workers take
 * @param remainingCapacity how many more tasks the queue takes before it is full
 * @param running the number of tasks that have started and not finished
 * @param submitted the number of tasks accepted
 * @param completed the number of tasks that returned normally
 * @param failed the number of tasks that threw
 * @param cancelled the number of tasks cancelled before or while they ran
 * @param unstarted the number of queued tasks handed back by a shutdown
 * @param rejected the number of tasks refused (including {@code tryExecute} returning
 * {@code false})
 * @param callerRuns the number of tasks run in the submitting thread
 * @param timedOut the number of tasks cancelled because they ran longer than the task
 * timeout
 * @param expired the number of tasks dropped because they waited longer than the maximum
 * queue wait
 * @param rateLimitWaits the number of times a worker had to wait for the rate limit
 * before it could start a task
 * @param permitErrors the number of times the rate limit's permit source failed to answer
 * (for example a cluster limit whose store was unreachable)
 * @param headroom how many more tasks the pool accepts right now before it refuses one
 * (free workers beyond the queued tasks, workers it may still start, room in the queue);
 * {@code 0} when it is full or shutting down
 * @param adaptiveLimit how many tasks the pool's {@link AdaptiveLimit} lets run at once
 * now (found, or pinned by tuning; at most {@code maxWorkers}), or {@code 0} when the
 * pool has no adaptive limit
 */
public record PoolStats(String name, PoolState state, int minWorkers, int maxWorkers, int workers, int activeWorkers,
        int idleWorkers, int peakWorkers, int queued, int queueCapacity, int remainingCapacity, long running,
        long submitted, long completed, long failed, long cancelled, long unstarted, long rejected, long callerRuns,
        long timedOut, long expired, long rateLimitWaits, long permitErrors, int headroom, int adaptiveLimit) {

    /**
     * Validate a snapshot.
     * @param name the pool name
     * @param state the life-cycle state
     * @param minWorkers the minimum number of workers kept alive
     * @param maxWorkers the maximum number of workers
     * @param workers the number of live workers
     * @param activeWorkers the number of workers that are not waiting for a task
     * @param idleWorkers the number of workers waiting for a task
     * @param peakWorkers the largest number of workers the pool has had at once
     * @param queued the number of tasks waiting in the queue
     * @param queueCapacity the queue capacity
     * @param remainingCapacity how many more tasks the queue takes
     * @param running the number of tasks that have started and not finished
     * @param submitted the number of tasks accepted
     * @param completed the number of tasks that returned normally
     * @param failed the number of tasks that threw
     * @param cancelled the number of tasks cancelled
     * @param unstarted the number of queued tasks handed back by a shutdown
     * @param rejected the number of tasks refused
     * @param callerRuns the number of tasks run in the submitting thread
     * @param timedOut the number of tasks that timed out
     * @param expired the number of tasks that expired in the queue
     * @param rateLimitWaits the number of waits for the rate limit
     * @param permitErrors the number of failures of the permit source
     * @param headroom how many more tasks the pool accepts right now
     * @param adaptiveLimit the adaptive limit, or {@code 0} for none
     */
    public PoolStats {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(state, "state must not be null");
    }

    /**
     * Return the share of workers that are busy, from 0.0 to 1.0 of {@code maxWorkers}.
     * @return the utilisation
     */
    public double utilization() {
        return (this.maxWorkers > 0) ? (double) this.activeWorkers / this.maxWorkers : 0.0;
    }

}
