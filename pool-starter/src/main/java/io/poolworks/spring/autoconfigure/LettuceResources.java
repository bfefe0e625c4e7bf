package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The lifecycle of what the starter builds on the application's Lettuce client (cluster
 * rate limits, stream sources): one phase below the pools', it closes every resource
 * after the pools drained and before the connection factory, at phase 0, shuts its client
 * down. The connection factory makes a new client when a stopped context starts again, so
 * resources built on the old one cannot restart: {@link #start()} then fails, as the
 * pools' lifecycle does for pools shut down meanwhile.
 * <p>
 * Subclasses guard the resources they build with {@code this}, the monitor this class
 * holds while it reads them.
 *
 * @param <R> the type of resource
 */
abstract class LettuceResources<R> implements SmartLifecycle, DisposableBean {

    private final String kind;

    private final Consumer<R> closer;

    private boolean running;

    private boolean stopped;

    /**
     * @param kind what the resources are and whose, for the message of a refused restart,
     * such as {@code "stream sources of bindings"}
     * @param closer closes one resource; called without the monitor held
     */
    LettuceResources(String kind, Consumer<R> closer) {
        this.kind = kind;
        this.closer = closer;
    }

    /**
     * The resources built so far; called with the monitor held.
     * @return the resources
     */
    abstract Collection<R> built();

    /**
     * The pools or bindings of the resources built so far; called with the monitor held.
     * @return their names
     */
    abstract Collection<String> owners();

    @Override
    public final synchronized void start() {
        if (this.stopped && !built().isEmpty()) {
            throw new IllegalStateException("The " + this.kind + " " + owners()
                    + " were closed when the context stopped, with the Redis client that LettuceConnectionFactory "
                    + "disposed of, and cannot start again: close this context and start a new one");
        }
        this.running = true;
    }

    /**
     * Close every resource once the pools have drained; closing one twice does nothing.
     */
    @Override
    public final void stop() {
        List<R> open;
        synchronized (this) {
            this.running = false;
            this.stopped = true;
            open = new ArrayList<>(built());
        }
        open.forEach(this.closer);
    }

    @Override
    public final synchronized boolean isRunning() {
        return this.running;
    }

    @Override
    public final int getPhase() {
        return PoolsLifecycle.PHASE - 1;
    }

    /** A context that failed to start never ran the lifecycle. */
    @Override
    public final void destroy() {
        stop();
    }

}
