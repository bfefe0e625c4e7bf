package io.poolworks;

/**
 * Presets that name the common kinds of pool; each returns a {@link WorkerPool.Builder}
 * to adjust further before {@code build()}. <pre>{@code
 * WorkerPool ingest = WorkerPools.backpressure("ingest", 4, 100).build();
 * if (!ingest.tryExecute(() -> store(event))) {
 *     return ResponseEntity.status(429).build();
 * }
 * }</pre>
 * <p>
 * This class is stateless and thread-safe.
 */
public final class WorkerPools {

    private WorkerPools() {
    }

    /**
     * A pool with a fixed number of workers, all started when it is built.
     * @param name the pool name
     * @param workers the number of workers, {@code >= 1}
     * @return a builder with {@code minWorkers == maxWorkers == workers}
     * @throws IllegalArgumentException if {@code workers < 1} or the name is blank
     */
    public static WorkerPool.Builder fixed(String name, int workers) {
        WorkerPool.Builder builder = WorkerPool.builder(name);
        Check.atLeast("workers", workers, 1, name);
        return builder.minWorkers(workers).maxWorkers(workers);
    }

    /**
     * A pool that grows as soon as tasks wait and shrinks after a minute without work.
     * @param name the pool name
     * @param minWorkers the workers kept alive, {@code >= 0}
     * @param maxWorkers the most workers, {@code >= 1} and {@code >= minWorkers}
     * @return a builder with these bounds
     * @throws IllegalArgumentException if a bound is violated or the name is blank
     */
    public static WorkerPool.Builder dynamic(String name, int minWorkers, int maxWorkers) {
        WorkerPool.Builder builder = WorkerPool.builder(name).minWorkers(minWorkers).maxWorkers(maxWorkers);
        Check.maxAtLeastMin(minWorkers, maxWorkers, name);
        return builder;
    }

    /**
     * A pool for callers that must never block: a fixed number of workers and a small
     * bounded queue, meant for {@link WorkerPool#tryExecute(Runnable)} (which answers
     * {@code false} when full, so the caller can shed load) with
     * {@link SaturationPolicy#REJECT} for {@code execute}.
     * @param name the pool name
     * @param workers the number of workers, {@code >= 1}
     * @param queueCapacity the queue capacity, {@code >= 0}
     * @return a builder with these settings
     * @throws IllegalArgumentException if a bound is violated or the name is blank
     */
    public static WorkerPool.Builder backpressure(String name, int workers, int queueCapacity) {
        return fixed(name, workers).queueCapacity(queueCapacity).saturationPolicy(SaturationPolicy.REJECT);
    }

    /**
     * A pool that starts queued tasks by priority, higher first, first in first out among
     * equals, with priority aging of one level per ten seconds so that low priorities
     * cannot starve.
     * @param name the pool name
     * @param minWorkers the workers kept alive, {@code >= 0}
     * @param maxWorkers the most workers, {@code >= 1} and {@code >= minWorkers}
     * @return a builder with these settings
     * @throws IllegalArgumentException if a bound is violated or the name is blank
     */
    public static WorkerPool.Builder priority(String name, int minWorkers, int maxWorkers) {
        return dynamic(name, minWorkers, maxWorkers).queueOrder(QueueOrder.PRIORITY)
            .priorityAging(java.time.Duration.ofSeconds(10));
    }

    /**
     * A pool that starts at most {@code rateLimit} tasks; the others wait in the queue.
     * @param name the pool name
     * @param workers the number of workers, {@code >= 1}
     * @param rateLimit the limit on task starts
     * @return a builder with these settings
     * @throws IllegalArgumentException if {@code workers < 1} or the name is blank
     * @throws NullPointerException if the rate limit is {@code null}
     */
    public static WorkerPool.Builder rateLimited(String name, int workers, RateLimit rateLimit) {
        return fixed(name, workers).rateLimit(Check.notNull("rateLimit", rateLimit, name));
    }

}
