package io.poolworks.spring;

/**
 * Gives a {@link TaskObserver} to each pool whose tasks are observed: the pools that the
 * {@link WorkerPoolFactory} builds with {@code poolworks.pools.<name>.observation} (else
 * {@code poolworks.defaults.observation}, else {@code poolworks.observation.enabled}) on.
 * A pool whose tasks are not observed gets nothing, so it pays nothing.
 * <p>
 * The starter registers one when there is a Micrometer {@code ObservationRegistry} bean:
 * each task becomes an Observation {@code poolworks.task}. A bean of this type of your
 * own replaces it. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TaskObservers {

    /**
     * Return the observer of the named pool's tasks, called once when the pool is built.
     * @param pool the pool name
     * @return the observer
     */
    TaskObserver observer(String pool);

}
