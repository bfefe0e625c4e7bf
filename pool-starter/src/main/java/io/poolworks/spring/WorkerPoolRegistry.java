package io.poolworks.spring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.poolworks.WorkerPool;

/**
 * Every {@link WorkerPool} of the application, by pool name: the pools of
 * {@code application.yml}, {@code WorkerPool} beans declared in code, and pools
 * {@link #register(WorkerPool) registered} at run time. The starter drains all of them at
 * shutdown, the Actuator endpoint lists them and the metrics binder measures them.
 * <p>
 * Thread-safe. Callbacks run under the registry's lock and should be quick.
 */
public final class WorkerPoolRegistry {

    private final Map<String, WorkerPool> pools = new LinkedHashMap<>();

    private final List<Consumer<WorkerPool>> callbacks = new ArrayList<>();

    /**
     * Add a pool. Adding the same pool again does nothing. Callbacks registered with
     * {@link #onRegistered(Consumer)} are called for it.
     * @param pool the pool
     * @throws IllegalStateException if a different pool with the same name is registered
     */
    public void register(WorkerPool pool) {
        Objects.requireNonNull(pool, "pool must not be null");
        synchronized (this.pools) {
            WorkerPool existing = this.pools.putIfAbsent(pool.name(), pool);
            if (existing == pool) {
                return;
            }
            if (existing != null) {
                throw new IllegalStateException("A different pool named '" + pool.name()
                        + "' is already registered: give every pool a unique name");
            }
            // Under the lock, so a callback added concurrently sees each pool once.
            this.callbacks.forEach((callback) -> callback.accept(pool));
        }
    }

    /**
     * Call the given callback for every pool registered now and later, in registration
     * order.
     * @param callback the callback
     */
    public void onRegistered(Consumer<WorkerPool> callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        synchronized (this.pools) {
            this.callbacks.add(callback);
            this.pools.values().forEach(callback);
        }
    }

    /**
     * Return the pool with the given name.
     * @param name the pool name
     * @return the pool, or empty if there is none by that name
     */
    public Optional<WorkerPool> find(String name) {
        synchronized (this.pools) {
            return Optional.ofNullable(this.pools.get(name));
        }
    }

    /**
     * Return the pool with the given name.
     * @param name the pool name
     * @return the pool
     * @throws NoSuchElementException if there is no pool by that name; the message lists
     * the names there are
     */
    public WorkerPool get(String name) {
        return find(name)
            .orElseThrow(() -> new NoSuchElementException("No pool named '" + name + "'; the pools are " + names()));
    }

    /**
     * Return the names of all pools, in registration order.
     * @return the names, a copy
     */
    public Set<String> names() {
        synchronized (this.pools) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(this.pools.keySet()));
        }
    }

    /**
     * Return all pools, in registration order.
     * @return the pools, a copy
     */
    public List<WorkerPool> pools() {
        synchronized (this.pools) {
            return List.copyOf(this.pools.values());
        }
    }

}
