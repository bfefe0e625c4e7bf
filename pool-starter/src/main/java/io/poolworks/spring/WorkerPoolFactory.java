package io.poolworks.spring;

import io.poolworks.WorkerPool;

/**
 * Builds pools the way the starter builds the pools of {@code application.yml}: the
 * properties of {@code poolworks.pools.<name>} (else {@code poolworks.defaults}), the
 * {@link TaskObserver} of a pool whose tasks are observed (innermost decorator and a
 * listener), every {@link org.springframework.core.task.TaskDecorator} bean in order,
 * every {@link io.poolworks.event.PoolListener} bean, then every
 * {@link WorkerPoolCustomizer} bean (among them the metrics customizer that gives a pool
 * its timers and its rejection counts by reason).
 * <p>
 * Use it for a pool declared in code, so that it gets the same treatment: <pre>{@code
 * &#64;Bean(defaultCandidate = false)
 * WorkerPool thumbnails(WorkerPoolFactory pools) {
 *     return pools.builder("thumbnails").maxWorkers(4).build();
 * }
 * }</pre> A pool built here and not declared as a bean should be registered with
 * {@link WorkerPoolRegistry#register(WorkerPool)} so that it is drained at shutdown and
 * measured. Implementations are thread-safe.
 */
public interface WorkerPoolFactory {

    /**
     * Return a new builder for the named pool with properties, decorators, listeners and
     * customizers applied. Settings made on it afterwards win.
     * @param name the pool name
     * @return a new builder
     * @throws IllegalArgumentException if the name is blank
     * @throws InvalidPoolPropertyException if the properties of that pool are invalid
     */
    WorkerPool.Builder builder(String name);

    /**
     * Build the named pool as {@link #builder(String)} does, with nothing added, paused
     * if its {@code paused} property says so, as a {@link SpringWorkerPool} that Spring
     * can also use as a task executor and scheduler.
     * @param name the pool name
     * @return a new pool
     * @throws InvalidPoolPropertyException if the properties of that pool are invalid
     */
    default SpringWorkerPool create(String name) {
        return SpringWorkerPool.of(builder(name).build());
    }

}
