package io.poolworks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;

import io.github.bucket4j.Bucket;
import io.poolworks.event.PoolListener;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * The settings a {@link WorkerPool.Builder} collects, with their defaults;
 * {@link PoolConfig#of} checks and snapshots them when a pool is built. Not thread-safe.
 */
abstract class BuilderSettings {

    final String name;

    int minWorkers = 1;

    /**
     * The maximum, or {@code 0} until set: then it follows the processors and the
     * minimum.
     */
    int maxWorkers;

    Duration idleTimeout = Duration.ofSeconds(60);

    int queueCapacity = 1_000;

    SaturationPolicy saturationPolicy = SaturationPolicy.REJECT;

    Duration blockTimeout = Duration.ofSeconds(30);

    Duration drainTimeout = Duration.ofSeconds(20);

    Duration terminationGrace = Duration.ofSeconds(5);

    @Nullable String threadNamePrefix;

    @Nullable ThreadFactory threadFactory;

    boolean virtualThreads;

    @Nullable TaskDecorator taskDecorator;

    final List<PoolListener> listeners = new ArrayList<>();

    QueueOrder queueOrder = QueueOrder.FIFO;

    @Nullable Duration priorityAging;

    @Nullable RateLimit rateLimit;

    @Nullable Bucket bucket;

    @Nullable StartPermits startPermits;

    /** The time seam: only tests in this package replace it. */
    Ticker ticker = Ticker.SYSTEM;

    @Nullable Duration taskTimeout;

    @Nullable Duration maxQueueWait;

    ExpiredTaskHandler expiredTaskHandler = ExpiredTaskHandler.logging();

    @Nullable AdaptiveLimit adaptiveLimit;

    /** The seam of the adaptive limit's algorithm: only tests in this package set it. */
    @Nullable IntFunction<LimitAlgorithm> limitAlgorithms;

    BuilderSettings(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
        }
        this.name = name;
    }

}
