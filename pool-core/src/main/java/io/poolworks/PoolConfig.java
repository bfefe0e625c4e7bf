package io.poolworks;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;

import io.poolworks.event.PoolListener;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * The immutable settings a {@link WorkerPool.Builder} hands to the engine.
 */
record PoolConfig(String name, int minWorkers, int maxWorkers, long idleTimeoutNanos, int queueCapacity,
        SaturationPolicy saturationPolicy, long blockTimeoutNanos, long drainTimeoutNanos, long terminationGraceNanos,
        ThreadFactory threadFactory, @Nullable TaskDecorator taskDecorator, List<PoolListener> listeners,
        QueueOrder queueOrder, long agingNanos, @Nullable StartPermits startPermits, long taskTimeoutNanos,
        long maxQueueWaitNanos, ExpiredTaskHandler expiredTaskHandler, @Nullable String threadNamePrefix,
        boolean virtualThreads, Ticker ticker, @Nullable AdaptiveLimit adaptiveLimit,
        @Nullable IntFunction<LimitAlgorithm> limitAlgorithms) {

    PoolConfig {
        listeners = List.copyOf(listeners);
    }

    /** Whether tasks carry the time they were queued: for events, expiry or aging. */
    boolean stamped() {
        return !this.listeners.isEmpty() || this.maxQueueWaitNanos > 0L || this.agingNanos > 0L;
    }

    static PoolConfig of(WorkerPool.Builder builder) {
        String name = builder.name;
        int maxWorkers = (builder.maxWorkers != 0) ? builder.maxWorkers
                : Math.max(builder.minWorkers, Math.max(2, Runtime.getRuntime().availableProcessors()));
        Check.maxAtLeastMin(builder.minWorkers, maxWorkers, name);
        if (builder.virtualThreads && builder.threadFactory != null) {
            throw new InvalidSettingException("virtualThreads", true,
                    "cannot be combined with a threadFactory (set virtualThreads(false) or remove the threadFactory)",
                    name);
        }
        if (builder.priorityAging != null && builder.queueOrder != QueueOrder.PRIORITY) {
            throw new InvalidSettingException(
                    "priorityAging", builder.priorityAging, "needs queueOrder PRIORITY but queueOrder is "
                            + builder.queueOrder + " (set queueOrder(QueueOrder.PRIORITY) or remove priorityAging)",
                    name);
        }
        StartPermits startPermits = (builder.startPermits != null) ? builder.startPermits : (builder.bucket != null)
                ? new BucketStartPermits(builder.bucket)
                : (builder.rateLimit != null) ? StartPermits.local(builder.rateLimit, builder.ticker::read) : null;
        String prefix = (builder.threadFactory != null) ? null
                : (builder.threadNamePrefix != null) ? builder.threadNamePrefix : name + "-";
        ThreadFactory threadFactory = (builder.threadFactory != null) ? builder.threadFactory : (builder.virtualThreads)
                ? ThreadFactories.virtual(prefix, "pool '" + name + "'") : ThreadFactories.platform(prefix, false);
        return new PoolConfig(name, builder.minWorkers, maxWorkers, Check.nanos(builder.idleTimeout),
                builder.queueCapacity, builder.saturationPolicy, Check.nanos(builder.blockTimeout),
                Check.nanos(builder.drainTimeout), Check.nanos(builder.terminationGrace), threadFactory,
                builder.taskDecorator, builder.listeners, builder.queueOrder,
                (builder.priorityAging != null) ? Check.nanos(builder.priorityAging) : 0L, startPermits,
                (builder.taskTimeout != null) ? Check.nanos(builder.taskTimeout) : 0L,
                (builder.maxQueueWait != null) ? Check.nanos(builder.maxQueueWait) : 0L, builder.expiredTaskHandler,
                prefix, builder.virtualThreads, builder.ticker,
                (builder.adaptiveLimit != null) ? builder.adaptiveLimit.resolve(maxWorkers, name) : null,
                builder.limitAlgorithms);
    }

}
