package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.poolworks.PoolStats;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.WorkerPoolRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Shuts every pool of the {@link WorkerPoolRegistry} down gracefully, exactly once
 * however often it is asked (by the lifecycle when the context closes, by bean
 * destruction, by both): all pools in parallel, each within its drain timeout and
 * termination grace. It logs one line when the drain starts and one per pool when it
 * ends, hands the unstarted tasks to the {@link UnfinishedTaskHandler} beans, then
 * cancels those of them that are futures, so that callers waiting on them wake up. The
 * unstarted entries of a Redis stream are not lost (they stay pending in Redis): the line
 * says so, at INFO when nothing else went wrong, and no handler receives them.
 */
final class PoolDrain implements SmartInitializingSingleton {

    private static final Logger logger = LoggerFactory.getLogger(PoolsLifecycle.class);

    private final ObjectProvider<WorkerPoolRegistry> registry;

    private final ObjectProvider<UnfinishedTaskHandler> handlerBeans;

    private final Map<WorkerPool, CompletableFuture<@Nullable ShutdownReport>> drains = new IdentityHashMap<>();

    private volatile @Nullable List<UnfinishedTaskHandler> handlers;

    PoolDrain(ObjectProvider<WorkerPoolRegistry> registry, ObjectProvider<UnfinishedTaskHandler> handlers) {
        this.registry = registry;
        this.handlerBeans = handlers;
    }

    /**
     * Resolve the handlers while beans can still be created: a context that fails to
     * start drains its pools while it destroys its beans.
     */
    @Override
    public void afterSingletonsInstantiated() {
        this.handlers = this.handlerBeans.orderedStream().toList();
    }

    /**
     * Return whether a drain started.
     * @return whether any pool was drained
     */
    boolean started() {
        synchronized (this.drains) {
            return !this.drains.isEmpty();
        }
    }

    /**
     * Drain every registered pool that no drain has started on.
     * @return completes when every registered pool is drained, by this call or an earlier
     * one
     */
    CompletableFuture<Void> drainAll() {
        WorkerPoolRegistry registry = this.registry.getIfAvailable();
        if (registry == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<Drain> starting = new ArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        synchronized (this.drains) {
            for (WorkerPool pool : registry.pools()) {
                CompletableFuture<@Nullable ShutdownReport> drain = this.drains.get(pool);
                if (drain == null) {
                    drain = new CompletableFuture<>();
                    this.drains.put(pool, drain);
                    starting.add(new Drain(pool, drain));
                }
                all.add(drain);
            }
        }
        if (!starting.isEmpty()) {
            logStart(starting.stream().map(Drain::pool).toList());
            for (Drain drain : starting) {
                Thread thread = new Thread(() -> drain(drain.pool(), drain.done()),
                        "poolworks-drain-" + drain.pool().name());
                thread.start();
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private static void logStart(List<WorkerPool> pools) {
        Duration deadline = Duration.ZERO;
        List<String> states = new ArrayList<>();
        for (WorkerPool pool : pools) {
            PoolStats stats = pool.stats();
            states.add(pool.name() + " (" + stats.queued() + " queued, " + stats.running() + " running)");
            Duration bound = pool.settings().shutdownBound();
            deadline = (bound.compareTo(deadline) > 0) ? bound : deadline;
        }
        logger.info("Draining {} pool(s) within {}: {}", pools.size(), Durations.format(deadline),
                String.join(", ", states));
    }

    private void drain(WorkerPool pool, CompletableFuture<@Nullable ShutdownReport> drain) {
        try {
            ShutdownReport report = pool.shutdownGracefully();
            PendingStreamEntries pending = PendingStreamEntries.of(report.unstarted());
            log(report, pending);
            if (!pending.others().isEmpty()) {
                handOver(pending.withoutEntries(report));
                // After every handler: one may still run a task it was handed.
                pending.others().forEach(PoolDrain::cancel);
            }
            drain.complete(report);
        }
        catch (RuntimeException | Error ex) {
            logger.error("Pool '{}' failed to shut down", pool.name(), ex);
            drain.complete(null);
        }
    }

    private static void log(ShutdownReport report, PendingStreamEntries pending) {
        String line = "Pool '" + report.poolName() + "' drained in "
                + Durations.format(report.elapsed().truncatedTo(ChronoUnit.MILLIS)) + ": "
                + report.completedDuringDrain() + " finished while draining, " + report.failedDuringDrain()
                + " failed while draining";
        boolean clean = pending.others().isEmpty() && report.interrupted() == 0 && report.stuckWorkers().isEmpty();
        if (clean && !pending.hasEntries()) {
            logger.info(line);
            return;
        }
        if (!pending.others().isEmpty() || !pending.hasEntries()) {
            line += ", " + pending.others().size() + " unstarted " + names(pending.others());
        }
        if (pending.hasEntries()) {
            line += ", " + pending.describe();
        }
        if (clean) {
            logger.info(line);
            return;
        }
        line += ", " + report.interrupted() + " cancelled while running " + names(report.cancelled());
        if (!report.stuckWorkers().isEmpty()) {
            line += ", stuck workers " + report.stuckWorkers();
        }
        logger.warn(line);
    }

    private static String names(List<Runnable> tasks) {
        return tasks.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private void handOver(ShutdownReport report) {
        for (UnfinishedTaskHandler handler : handlers()) {
            try {
                handler.handle(report);
            }
            catch (RuntimeException ex) {
                logger.error("UnfinishedTaskHandler {} failed for pool '{}'", handler, report.poolName(), ex);
            }
        }
    }

    private List<UnfinishedTaskHandler> handlers() {
        List<UnfinishedTaskHandler> handlers = this.handlers;
        if (handlers != null) {
            return handlers;
        }
        try {
            return this.handlerBeans.orderedStream().toList();
        }
        catch (BeansException ex) {
            // The context failed before the handlers were created, and cannot create
            // beans any more: the drain line above is all that is left.
            logger.warn("UnfinishedTaskHandler beans are not available: {}", ex.getMessage());
            return List.of();
        }
    }

    private record Drain(WorkerPool pool, CompletableFuture<@Nullable ShutdownReport> done) {

    }

    private static void cancel(Runnable task) {
        if (task instanceof Future<?> future && !future.isDone()) {
            future.cancel(false);
        }
    }

}
