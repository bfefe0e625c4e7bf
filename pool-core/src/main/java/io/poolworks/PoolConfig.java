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
        ThreadFactory threadFactory, @Nullable TaskDecorator taskDecorator, List<PoolListener> listeners) {

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
        String prefix = (builder.threadNamePrefix != null) ? builder.threadNamePrefix : name + "-";
        ThreadFactory threadFactory = (builder.threadFactory != null) ? builder.threadFactory
                : (builder.virtualThreads) ? VirtualThreads.factory(prefix, name) : new NamedThreadFactory(prefix);
        return new PoolConfig(name, builder.minWorkers, builder.maxWorkers, builder.idleTimeout.toNanos(),
                builder.queueCapacity, builder.saturationPolicy, builder.blockTimeout.toNanos(),
                builder.drainTimeout.toNanos(), builder.terminationGrace.toNanos(), threadFactory,
                builder.taskDecorator, builder.listeners);
    }

}
