package io.poolworks.spi;

import java.util.List;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls user callbacks (listeners, handlers) so that one that throws is logged and the
 * others still run: a callback never fails a task, a pool or a conductor. Used by the
 * pools, the conductor and the integrations alike. <pre>{@code
 * GuardedCalls<PoolListener> listeners = GuardedCalls.of(List.of(a, b), "pool 'emails'", WorkerPool.class);
 * listeners.call(PoolListener::stateChanged, event);
 * }</pre>
 * <p>
 * Instances are immutable and thread-safe if the callbacks are.
 *
 * @param <L> the type of the callbacks
 */
public final class GuardedCalls<L> {

    private final List<L> targets;

    private final String owner;

    private final Logger logger;

    private GuardedCalls(List<L> targets, String owner, Logger logger) {
        this.targets = targets;
        this.owner = owner;
        this.logger = logger;
    }

    /**
     * Return guarded calls of the given callbacks.
     * @param <L> the type of the callbacks
     * @param targets the callbacks, called in this order; copied
     * @param owner who calls them, for the log, for example {@code "pool 'emails'"}
     * @param loggerName the class whose logger records a failing callback
     * @return the guarded calls
     * @throws NullPointerException if an argument or a callback is {@code null}
     */
    public static <L> GuardedCalls<L> of(List<? extends L> targets, String owner, Class<?> loggerName) {
        return new GuardedCalls<>(List.copyOf(targets), owner, LoggerFactory.getLogger(loggerName));
    }

    /**
     * Return whether there is no callback, so that callers can skip building an event.
     * @return {@code true} if there is none
     */
    public boolean isEmpty() {
        return this.targets.isEmpty();
    }

    /**
     * Call every callback with the argument, in order; a throwing one is logged at WARN
     * and the next still runs.
     * @param <A> the type of the argument
     * @param method the method to call on each callback
     * @param argument the argument
     */
    public <A> void call(BiConsumer<? super L, ? super A> method, A argument) {
        for (L target : this.targets) {
            try {
                method.accept(target, argument);
            }
            catch (Throwable ex) {
                failed(target, argument, ex);
            }
        }
    }

    /**
     * Log that a callback failed, as {@link #call} does; for a hot path that loops over
     * {@link #targets()} itself to avoid allocating a capturing lambda.
     * @param target the callback that threw
     * @param argument what it was called with
     * @param failure what it threw
     */
    public void failed(L target, Object argument, Throwable failure) {
        this.logger.warn("{} of {} failed on {}; ignoring it", target, this.owner, argument, failure);
    }

    /**
     * Return the callbacks.
     * @return the callbacks, in call order; unmodifiable
     */
    public List<L> targets() {
        return this.targets;
    }

}
