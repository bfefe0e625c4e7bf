package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.poolworks.PoolState;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.WorkerPoolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains every pool of the {@link WorkerPoolRegistry} when the application context stops:
 * at phase {@link #PHASE}, after the web server stopped taking requests and after the
 * application's workers stopped feeding the pools.
 * <p>
 * {@link #stop(Runnable)} turns readiness to {@link ReadinessState#REFUSING_TRAFFIC},
 * shuts all pools down gracefully in parallel, each within its own drain timeout, logs
 * each {@link ShutdownReport} and hands unstarted tasks to the
 * {@link UnfinishedTaskHandler} beans, then calls back. It returns at once, so other
 * members of the phase stop alongside.
 */
final class PoolsLifecycle implements SmartLifecycle, DisposableBean {

    /**
     * The phase of the pools: that of Spring's own executors.
     */
    static final int PHASE = Integer.MAX_VALUE / 2;

    private static final Logger logger = LoggerFactory.getLogger(PoolsLifecycle.class);

    private final WorkerPoolRegistry registry;

    private final ObjectProvider<UnfinishedTaskHandler> handlers;

    private final ApplicationEventPublisher publisher;

    private final ObjectProvider<ApplicationAvailability> availability;

    private volatile boolean running;

    PoolsLifecycle(WorkerPoolRegistry registry, ObjectProvider<UnfinishedTaskHandler> handlers,
            ApplicationEventPublisher publisher, ObjectProvider<ApplicationAvailability> availability) {
        this.registry = registry;
        this.handlers = handlers;
        this.publisher = publisher;
        this.availability = availability;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        drainAll().join();
    }

    @Override
    public void stop(Runnable callback) {
        drainAll().whenComplete((reports, failure) -> callback.run());
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
     * Shut down what the lifecycle did not, such as pools of a context that failed to
     * start.
     */
    @Override
    public void destroy() {
        this.registry.pools()
            .stream()
            .filter((pool) -> pool.stats().state() != PoolState.TERMINATED)
            .forEach(WorkerPool::close);
    }

    private CompletableFuture<Void> drainAll() {
        this.running = false;
        // A web application already refuses traffic by now; a plain one does not.
        ApplicationAvailability current = this.availability.getIfAvailable();
        if (current == null || current.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
            AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (WorkerPool pool : this.registry.pools()) {
            CompletableFuture<Void> drain = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    report(pool.shutdownGracefully());
                }
                catch (RuntimeException ex) {
                    logger.error("Pool '{}' failed to shut down", pool.name(), ex);
                }
                finally {
                    drain.complete(null);
                }
            }, "poolworks-drain-" + pool.name());
            thread.start();
            drains.add(drain);
        }
        return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new));
    }

    private void report(ShutdownReport report) {
        if (report.clean()) {
            logger.info("Pool '{}' shut down in {} ms: {} task(s) finished while draining", report.poolName(),
                    report.elapsed().toMillis(), report.completedDuringDrain() + report.failedDuringDrain());
            return;
        }
        logger.warn(
                "Pool '{}' shut down in {} ms: {} task(s) finished while draining, {} unstarted, {} interrupted, "
                        + "stuck workers {}",
                report.poolName(), report.elapsed().toMillis(),
                report.completedDuringDrain() + report.failedDuringDrain(), report.unstarted().size(),
                report.interrupted(), report.stuckWorkers());
        if (!report.unstarted().isEmpty()) {
            this.handlers.orderedStream().forEach((handler) -> {
                try {
                    handler.handle(report);
                }
                catch (RuntimeException ex) {
                    logger.error("UnfinishedTaskHandler {} failed for pool '{}'", handler, report.poolName(), ex);
                }
            });
        }
    }

}
