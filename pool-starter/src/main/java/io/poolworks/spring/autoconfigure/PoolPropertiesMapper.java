package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.autoconfigure.PoolworksProperties.Pool;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link PoolworksProperties} to a {@link WorkerPool.Builder}: each setting from
 * the pool, else from {@code poolworks.defaults}, else left at the builder's default.
 * Every value is checked here, so that an error names the property it came from.
 */
final class PoolPropertiesMapper {

    private final PoolworksProperties properties;

    PoolPropertiesMapper(PoolworksProperties properties) {
        this.properties = properties;
    }

    /**
     * Check every declared pool, and the defaults on their own.
     * @throws InvalidPoolPropertyException for the first invalid value
     */
    void validate() {
        apply(null, WorkerPool.builder("defaults"));
        this.properties.getPools().keySet().forEach((name) -> apply(name, WorkerPool.builder(name)));
    }

    /**
     * Return the property a pool's drain timeout comes from.
     * @param name the pool name
     * @return the property path, or {@code null} if the built-in default applies
     */
    @Nullable String drainTimeoutProperty(String name) {
        Setting<Duration> drain = new Resolver(name).get("drain-timeout", Pool::getDrainTimeout);
        return (drain != null) ? drain.property() : null;
    }

    WorkerPool.Builder apply(@Nullable String name, WorkerPool.Builder builder) {
        Resolver resolver = new Resolver(name);
        applySizes(resolver, builder);
        Setting<Integer> queueCapacity = resolver.get("queue-capacity", Pool::getQueueCapacity);
        if (queueCapacity != null) {
            builder.queueCapacity(atLeast(queueCapacity, 0));
        }
        Setting<QueueOrder> queueOrder = resolver.get("queue-order", Pool::getQueueOrder);
        if (queueOrder != null) {
            builder.queueOrder(queueOrder.value());
        }
        Setting<Duration> aging = resolver.get("priority-aging", Pool::getPriorityAging);
        if (aging != null) {
            if (queueOrder == null || queueOrder.value() != QueueOrder.PRIORITY) {
                throw new InvalidPoolPropertyException(aging.property(), aging.value(),
                        "priority aging needs queue-order 'priority'",
                        "Set queue-order: priority for this pool, or remove " + aging.property());
            }
            builder.priorityAging(positive(aging));
        }
        resolver.ifSet("saturation", Pool::getSaturation, (value) -> builder.saturationPolicy(value.value()));
        resolver.ifSet("block-timeout", Pool::getBlockTimeout, (value) -> builder.blockTimeout(positive(value)));
        resolver.ifSet("idle-timeout", Pool::getIdleTimeout, (value) -> builder.idleTimeout(positive(value)));
        resolver.ifSet("task-timeout", Pool::getTaskTimeout, (value) -> builder.taskTimeout(positive(value)));
        resolver.ifSet("max-queue-wait", Pool::getMaxQueueWait, (value) -> builder.maxQueueWait(positive(value)));
        resolver.ifSet("drain-timeout", Pool::getDrainTimeout, (value) -> builder.drainTimeout(notNegative(value)));
        resolver.ifSet("termination-grace", Pool::getTerminationGrace,
                (value) -> builder.terminationGrace(notNegative(value)));
        resolver.ifSet("thread-name-prefix", Pool::getThreadNamePrefix,
                (value) -> builder.threadNamePrefix(notBlank(value)));
        resolver.ifSet("virtual-threads", Pool::getVirtualThreads,
                (value) -> builder.virtualThreads(virtualThreadsSupported(value)));
        RateLimit rateLimit = rateLimit(resolver);
        if (rateLimit != null) {
            builder.rateLimit(rateLimit);
        }
        return builder;
    }

    private void applySizes(Resolver resolver, WorkerPool.Builder builder) {
        Setting<Integer> min = resolver.get("min-workers", Pool::getMinWorkers);
        Setting<Integer> max = resolver.get("max-workers", Pool::getMaxWorkers);
        if (min != null) {
            builder.minWorkers(atLeast(min, 0));
        }
        if (max != null) {
            atLeast(max, 1);
            if (min != null && max.value() < min.value()) {
                throw new InvalidPoolPropertyException(max.property(), max.value(),
                        "it must be >= min-workers (" + min.value() + " from " + min.property() + ")",
                        "Raise " + max.property() + " to at least " + min.value() + ", or lower " + min.property());
            }
            builder.maxWorkers(max.value());
        }
        else if (min != null) {
            // An unset maximum follows a minimum above the built-in one.
            builder.maxWorkers(Math.max(min.value(), Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
    }

    private @Nullable RateLimit rateLimit(Resolver resolver) {
        Setting<Long> permits = resolver.get("rate-limit.permits", (pool) -> pool.getRateLimit().getPermits());
        Setting<Duration> period = resolver.get("rate-limit.period", (pool) -> pool.getRateLimit().getPeriod());
        Setting<Long> burst = resolver.get("rate-limit.burst", (pool) -> pool.getRateLimit().getBurst());
        if (permits == null) {
            Setting<?> orphan = (period != null) ? period : burst;
            if (orphan != null) {
                String permitsProperty = orphan.property().replaceFirst("\\.(period|burst)$", ".permits");
                throw new InvalidPoolPropertyException(orphan.property(), orphan.value(), "a rate limit needs permits",
                        "Set " + permitsProperty + ", or remove " + orphan.property());
            }
            return null;
        }
        if (permits.value() < 1) {
            throw new InvalidPoolPropertyException(permits.property(), permits.value(), "it must be >= 1",
                    "Set it to the number of task starts allowed per period, or remove the rate limit");
        }
        RateLimit limit = RateLimit.of(permits.value(), (period != null) ? positive(period) : Duration.ofSeconds(1));
        if (burst != null) {
            if (burst.value() < 1) {
                throw new InvalidPoolPropertyException(burst.property(), burst.value(), "it must be >= 1",
                        "Set it to the number of starts allowed at once (1 for an even pace), or remove it to "
                                + "default to the permits");
            }
            limit = limit.withBurst(burst.value());
        }
        return limit;
    }

    private static int atLeast(Setting<Integer> setting, int min) {
        if (setting.value() < min) {
            throw new InvalidPoolPropertyException(setting.property(), setting.value(), "it must be >= " + min,
                    "Set " + setting.property() + " to " + min + " or more");
        }
        return setting.value();
    }

    private static Duration positive(Setting<Duration> setting) {
        if (setting.value().isZero() || setting.value().isNegative()) {
            throw new InvalidPoolPropertyException(setting.property(), setting.value(), "it must be positive",
                    "Set " + setting.property() + " to a positive duration such as 10s, or remove it");
        }
        return setting.value();
    }

    private static Duration notNegative(Setting<Duration> setting) {
        if (setting.value().isNegative()) {
            throw new InvalidPoolPropertyException(setting.property(), setting.value(), "it must not be negative",
                    "Set " + setting.property() + " to 0s or more");
        }
        return setting.value();
    }

    private static String notBlank(Setting<String> setting) {
        if (setting.value().isBlank()) {
            throw new InvalidPoolPropertyException(setting.property(), "'" + setting.value() + "'",
                    "it must not be blank", "Set a prefix such as 'emails-', or remove it to use the pool name");
        }
        return setting.value();
    }

    private static boolean virtualThreadsSupported(Setting<Boolean> setting) {
        int feature = Runtime.version().feature();
        if (setting.value() && feature < 21) {
            throw new InvalidPoolPropertyException(setting.property(), true,
                    "virtual threads need Java 21 or later and this is Java " + feature,
                    "Run on Java 21 or later, or set " + setting.property() + " to false");
        }
        return setting.value();
    }

    /**
     * A resolved value and the property it came from.
     */
    record Setting<T>(T value, String property) {

    }

    /**
     * Looks a key up in one pool, then in the defaults.
     */
    private final class Resolver {

        private final @Nullable String name;

        private final @Nullable Pool pool;

        Resolver(@Nullable String name) {
            this.name = name;
            this.pool = (name != null) ? PoolPropertiesMapper.this.properties.getPools().get(name) : null;
        }

        <T> @Nullable Setting<T> get(String key, Function<Pool, @Nullable T> getter) {
            T value = (this.pool != null) ? getter.apply(this.pool) : null;
            if (value != null) {
                return new Setting<>(value, "poolworks.pools." + this.name + "." + key);
            }
            value = getter.apply(PoolPropertiesMapper.this.properties.getDefaults());
            return (value != null) ? new Setting<>(value, "poolworks.defaults." + key) : null;
        }

        <T> void ifSet(String key, Function<Pool, @Nullable T> getter, Consumer<Setting<T>> action) {
            Setting<T> setting = get(key, getter);
            if (setting != null) {
                action.accept(setting);
            }
        }

    }

}
