package io.poolworks.spring.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.poolworks.PoolState;
import io.poolworks.WorkerPool;
import io.poolworks.spring.WorkerPoolRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The pools' part of the application's lifecycle, at phase {@link #PHASE}: after the web
 * server stopped taking requests and after the application's workers stopped feeding the
 * pools.
 * <p>
 * When the context closes, {@link #stop(Runnable)} turns readiness to
 * {@link ReadinessState#REFUSING_TRAFFIC} and drains every pool ({@link PoolDrain}); it
 * returns at once, so other members of the phase stop alongside. A plain
 * {@code context.stop()} pauses the pools instead, as Spring's own executors do, and
 * {@code start()} resumes them; a pool shut down meanwhile cannot start again, so
 * {@code start()} then fails. Bean destruction drains what the lifecycle did not (a
 * context that failed to start, or was stopped before it closed), through the same
 * {@link PoolDrain}, so no report is handled twice.
 */
final class PoolsLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, DisposableBean {

    /**
     * The phase of the pools: that of Spring's own executors.
     */
    static final int PHASE = Integer.MAX_VALUE / 2;

    private final WorkerPoolRegistry registry;

    private final PoolDrain drain;

    private final ApplicationContext context;

    private final ObjectProvider<ApplicationAvailability> availability;

    private final Set<WorkerPool> pausedByStop = Collections.newSetFromMap(new IdentityHashMap<>());

    private volatile boolean running;

    private volatile boolean closing;

    private boolean stopped;

    PoolsLifecycle(WorkerPoolRegistry registry, PoolDrain drain, ApplicationContext context,
            ObjectProvider<ApplicationAvailability> availability) {
        this.registry = registry;
        this.drain = drain;
        this.context = context;
        this.availability = availability;
    }

    @Override
    public synchronized void start() {
        if (this.stopped) {
            List<String> gone = this.registry.pools()
                .stream()
                .filter((pool) -> pool.isShutdown())
                .map(WorkerPool::name)
                .toList();
            if (!gone.isEmpty() || this.drain.started()) {
                throw new IllegalStateException("Pools " + gone + " were shut down after the context stopped and "
                        + "cannot start again: close this context and start a new one");
            }
            this.pausedByStop.forEach((pool) -> pool.tuning().resume());
            this.pausedByStop.clear();
        }
        this.running = true;
    }

    @Override
    public void stop() {
        stop(() -> {
        });
    }

    @Override
    public void stop(Runnable callback) {
        if (this.closing) {
            this.running = false;
            refuseTraffic();
            this.drain.drainAll().whenComplete((result, failure) -> callback.run());
            return;
        }
        pause();
        callback.run();
    }

    private synchronized void pause() {
        for (WorkerPool pool : this.registry.pools()) {
            if (pool.stats().state() == PoolState.RUNNING) {
                pool.tuning().pause();
                this.pausedByStop.add(pool);
            }
        }
        this.stopped = true;
        this.running = false;
    }

    private void refuseTraffic() {
        // A web application already refuses traffic by now; a plain one does not.
        ApplicationAvailability current = this.availability.getIfAvailable();
        if (current == null || current.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
            AvailabilityChangeEvent.publish(this.context, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // Not a child context's close, which reaches its parent's listeners too.
        if (event.getApplicationContext() == this.context) {
            this.closing = true;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Drain what the lifecycle did not, such as pools registered at run time in a context
     * that was stopped before it closed. Bounded: each pool's drain timeout plus its
     * termination grace.
     */
    @Override
    public void destroy() {
        this.drain.drainAll().join();
    }

}
