package io.poolworks;

import java.util.List;
import java.util.concurrent.ThreadFactory;

import io.poolworks.event.PoolListener;
import org.jspecify.annotations.Nullable;

/**
 * The immutable settings a {@link WorkerPool.Builder} hands to the engine.
 */
record PoolConfig(String name, int minWorkers, int maxWorkers, long idleTimeoutNanos, int queueCapacity,
        SaturationPolicy saturationPolicy, long blockTimeoutNanos, long drainTimeoutNanos, long terminationGraceNanos,
        ThreadFactory threadFactory, @Nullable TaskDecorator taskDecorator, List<PoolListener> listeners,
        QueueOrder queueOrder, long agingNanos, @Nullable StartGate startGate, long taskTimeoutNanos,
        long maxQueueWaitNanos, ExpiredTaskHandler expiredTaskHandler) {

    PoolConfig {
        listeners = List.copyOf(listeners);
    }

    static PoolConfig of(WorkerPool.Builder builder) {
        String name = builder.name;
        Check.maxAtLeastMin(builder.minWorkers, builder.maxWorkers, name);
        if (builder.virtualThreads && builder.threadFactory != null) {
            throw new IllegalArgumentException("virtualThreads and threadFactory cannot both be set for pool '" + name
                    + "': set virtualThreads(false) or remove the threadFactory");
        }
        if (builder.priorityAging != null && builder.queueOrder != QueueOrder.PRIORITY) {
            throw new IllegalArgumentException("priorityAging needs queueOrder PRIORITY but pool '" + name
                    + "' has queueOrder " + builder.queueOrder + ": set queueOrder(QueueOrder.PRIORITY) or remove "
                    + "priorityAging");
        }
        StartGate startGate = (builder.bucket != null) ? StartGate.of(builder.bucket)
                : (builder.rateLimit != null) ? StartGate.of(builder.rateLimit) : null;
        String prefix = (builder.threadNamePrefix != null) ? builder.threadNamePrefix : name + "-";
        ThreadFactory threadFactory = (builder.threadFactory != null) ? builder.threadFactory
                : (builder.virtualThreads) ? VirtualThreads.factory(prefix, name) : new NamedThreadFactory(prefix);
        return new PoolConfig(name, builder.minWorkers, builder.maxWorkers, builder.idleTimeout.toNanos(),
                builder.queueCapacity, builder.saturationPolicy, builder.blockTimeout.toNanos(),
                builder.drainTimeout.toNanos(), builder.terminationGrace.toNanos(), threadFactory,
                builder.taskDecorator, builder.listeners, builder.queueOrder,
                (builder.priorityAging != null) ? builder.priorityAging.toNanos() : 0L, startGate,
                (builder.taskTimeout != null) ? builder.taskTimeout.toNanos() : 0L,
                (builder.maxQueueWait != null) ? builder.maxQueueWait.toNanos() : 0L, builder.expiredTaskHandler);
    }

}
