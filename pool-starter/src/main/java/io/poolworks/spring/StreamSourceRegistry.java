package io.poolworks.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.poolworks.redis.StreamSource;

/**
 * Every {@link StreamSource} that feeds a pool of the application, by binding name: those
 * of {@code poolworks.streams}, which the starter registers as it builds them, and
 * sources built in code and {@link #register(String, String, StreamSource) registered}
 * here. The {@code streams} endpoint, the {@code streams} health contributor and the
 * meters show every one. The registry does not run or close the sources it did not build.
 * <p>
 * Exists when {@code poolworks-redis} and Spring Data Redis are on the class path.
 * Thread-safe. Callbacks run under the registry's lock and should be quick.
 */
public final class StreamSourceRegistry {

    private final Map<String, StreamBinding> bindings = new LinkedHashMap<>();

    private final List<Consumer<StreamBinding>> callbacks = new ArrayList<>();

    /**
     * Add a source. Adding the same source under the same binding again returns the
     * binding registered before. Callbacks registered with
     * {@link #onRegistered(Consumer)} are called for a new binding.
     * @param binding the binding name
     * @param pool the name of the pool the source feeds
     * @param source the source
     * @return the binding
     * @throws IllegalStateException if another source is registered under that binding
     */
    public StreamBinding register(String binding, String pool, StreamSource source) {
        StreamBinding added = new StreamBinding(binding, pool, source);
        synchronized (this.bindings) {
            StreamBinding existing = this.bindings.putIfAbsent(binding, added);
            if (existing != null && existing.source() == source) {
                return existing;
            }
            if (existing != null) {
                throw new IllegalStateException("Another stream source is registered as binding '" + binding + "' ("
                        + existing.source() + "): give every binding a unique name");
            }
            this.callbacks.forEach((callback) -> callback.accept(added));
            return added;
        }
    }

    /**
     * Call the given callback for every binding registered now and later, in registration
     * order.
     * @param callback the callback
     */
    public void onRegistered(Consumer<StreamBinding> callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        synchronized (this.bindings) {
            this.callbacks.add(callback);
            this.bindings.values().forEach(callback);
        }
    }

    /**
     * Return the binding with the given name.
     * @param binding the binding name
     * @return the binding, or empty if there is none by that name
     */
    public Optional<StreamBinding> find(String binding) {
        synchronized (this.bindings) {
            return Optional.ofNullable(this.bindings.get(binding));
        }
    }

    /**
     * Return every binding, in registration order.
     * @return the bindings, a copy
     */
    public List<StreamBinding> bindings() {
        synchronized (this.bindings) {
            return List.copyOf(this.bindings.values());
        }
    }

}
