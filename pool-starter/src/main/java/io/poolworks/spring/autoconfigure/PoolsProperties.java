package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.AdaptiveLimit;
import io.poolworks.QueueOrder;
import io.poolworks.SaturationPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of Poolworks pools: pools declared by name and the settings
 * every pool inherits.
 * <p>
 * A pool takes each setting from {@code poolworks.pools.<name>}, else from
 * {@code poolworks.defaults}, else from the built-in default of
 * {@link io.poolworks.WorkerPool.Builder}.
 * {@link io.poolworks.spring.WorkerPoolCustomizer} beans run last and win. The
 * application's workers have their own properties, {@link WorkersProperties}.
 *
 * @see PoolworksAutoConfiguration
 */
@ConfigurationProperties("poolworks")
public class PoolsProperties {

    /**
     * Settings every pool inherits when it does not set them itself.
     */
    private final Pool defaults = new Pool();

    /**
     * Pools to create, by name. Each becomes a bean named '<name>WorkerPool' with the
     * qualifier '<name>'.
     */
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    private final Observation observation = new Observation();

    public Pool getDefaults() {
        return this.defaults;
    }

    public Map<String, Pool> getPools() {
        return this.pools;
    }

    public Observation getObservation() {
        return this.observation;
    }

    /**
     * Settings of one pool. Every setting is optional; an unset one is inherited.
     */
    public static class Pool {

        /**
         * Minimum number of workers, kept alive even when idle.
         */
        private @Nullable Integer minWorkers;

        /**
         * Maximum number of workers. Defaults to the number of processors, at least 2 and
         * at least min-workers.
         */
        private @Nullable Integer maxWorkers;

        /**
         * Time a worker above the minimum waits for a task before it exits.
         */
        private @Nullable Duration idleTimeout;

        /**
         * Number of tasks the queue holds beyond those idle workers take at once. 0 hands
         * each task directly to a worker.
         */
        private @Nullable Integer queueCapacity;

        /**
         * Order in which queued tasks start.
         */
        private @Nullable QueueOrder queueOrder;

        /**
         * Waiting time after which a queued task counts as one priority level higher.
         * Requires the 'priority' queue order.
         */
        private @Nullable Duration priorityAging;

        /**
         * What a submit does when the queue is full.
         */
        private @Nullable SaturationPolicy saturation;

        /**
         * Maximum time a submit waits for room when saturation is 'block'.
         */
        private @Nullable Duration blockTimeout;

        private final RateLimit rateLimit = new RateLimit();

        private final Adaptive adaptive = new Adaptive();

        /**
         * Maximum time a task may run before it is cancelled and its thread interrupted.
         */
        private @Nullable Duration taskTimeout;

        /**
         * Maximum time a task may wait in the queue before it expires unrun.
         */
        private @Nullable Duration maxQueueWait;

        /**
         * Maximum time a graceful shutdown lets queued and running tasks finish.
         */
        private @Nullable Duration drainTimeout;

        /**
         * Time a graceful shutdown waits for workers to exit after it cancelled the
         * running tasks.
         */
        private @Nullable Duration terminationGrace;

        /**
         * Prefix of worker thread names. Defaults to the pool name followed by '-'.
         */
        private @Nullable String threadNamePrefix;

        /**
         * Whether workers run on virtual threads. Requires Java 21 or later. Defaults to
         * spring.threads.virtual.enabled on Java 21 or later.
         */
        private @Nullable Boolean virtualThreads;

        /**
         * Whether the pool holds queued tasks instead of starting them, until it is
         * resumed.
         */
        private @Nullable Boolean paused;

        /**
         * Whether each task of the pool is observed, from its submission to its end, as
         * an Observation 'poolworks.task', when there is an ObservationRegistry bean.
         * Defaults to poolworks.observation.enabled.
         */
        private @Nullable Boolean observation;

        public @Nullable Integer getMinWorkers() {
            return this.minWorkers;
        }

        public void setMinWorkers(@Nullable Integer minWorkers) {
            this.minWorkers = minWorkers;
        }

        public @Nullable Integer getMaxWorkers() {
            return this.maxWorkers;
        }

        public void setMaxWorkers(@Nullable Integer maxWorkers) {
            this.maxWorkers = maxWorkers;
        }

        public @Nullable Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public @Nullable Integer getQueueCapacity() {
            return this.queueCapacity;
        }

        public void setQueueCapacity(@Nullable Integer queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public @Nullable QueueOrder getQueueOrder() {
            return this.queueOrder;
        }

        public void setQueueOrder(@Nullable QueueOrder queueOrder) {
            this.queueOrder = queueOrder;
        }

        public @Nullable Duration getPriorityAging() {
            return this.priorityAging;
        }

        public void setPriorityAging(@Nullable Duration priorityAging) {
            this.priorityAging = priorityAging;
        }

        public @Nullable SaturationPolicy getSaturation() {
            return this.saturation;
        }

        public void setSaturation(@Nullable SaturationPolicy saturation) {
            this.saturation = saturation;
        }

        public @Nullable Duration getBlockTimeout() {
            return this.blockTimeout;
        }

        public void setBlockTimeout(@Nullable Duration blockTimeout) {
            this.blockTimeout = blockTimeout;
        }

        public RateLimit getRateLimit() {
            return this.rateLimit;
        }

        public Adaptive getAdaptive() {
            return this.adaptive;
        }

        public @Nullable Duration getTaskTimeout() {
            return this.taskTimeout;
        }

        public void setTaskTimeout(@Nullable Duration taskTimeout) {
            this.taskTimeout = taskTimeout;
        }

        public @Nullable Duration getMaxQueueWait() {
            return this.maxQueueWait;
        }

        public void setMaxQueueWait(@Nullable Duration maxQueueWait) {
            this.maxQueueWait = maxQueueWait;
        }

        public @Nullable Duration getDrainTimeout() {
            return this.drainTimeout;
        }

        public void setDrainTimeout(@Nullable Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        public @Nullable Duration getTerminationGrace() {
            return this.terminationGrace;
        }

        public void setTerminationGrace(@Nullable Duration terminationGrace) {
            this.terminationGrace = terminationGrace;
        }

        public @Nullable String getThreadNamePrefix() {
            return this.threadNamePrefix;
        }

        public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
        }

        public @Nullable Boolean getVirtualThreads() {
            return this.virtualThreads;
        }

        public void setVirtualThreads(@Nullable Boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
        }

        public @Nullable Boolean getPaused() {
            return this.paused;
        }

        public void setPaused(@Nullable Boolean paused) {
            this.paused = paused;
        }

        public @Nullable Boolean getObservation() {
            return this.observation;
        }

        public void setObservation(@Nullable Boolean observation) {
            this.observation = observation;
        }

    }

    /**
     * Observation of each task of the pools.
     */
    public static class Observation {

        /**
         * Whether each task of every pool is observed, from its submission to its end, as
         * an Observation 'poolworks.task', when there is an ObservationRegistry bean. A
         * pool's own 'observation' setting, or that of poolworks.defaults, takes
         * precedence.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    /**
     * Where a pool's token bucket lives.
     */
    public enum RateLimitScope {

        /**
         * In this instance: each instance of the service has its own limit.
         */
        LOCAL,

        /**
         * In Redis: every instance that uses the same key shares one limit.
         */
        CLUSTER

    }

    /**
     * What a cluster rate limit does while Redis cannot be reached. The values of
     * {@code io.poolworks.redis.StoreFailurePolicy}, repeated here because
     * {@code poolworks-redis} is optional.
     */
    public enum StoreFailure {

        /**
         * Start nothing that needs a permit until Redis answers again.
         */
        PAUSE,

        /**
         * Start tasks under a local limit of the same settings.
         */
        LOCAL,

        /**
         * Start tasks without a limit.
         */
        OPEN

    }

    /**
     * Token bucket on task starts. Setting permits turns it on.
     */
    public static class RateLimit {

        /**
         * Number of task starts allowed per period.
         */
        private @Nullable Long permits;

        /**
         * Period in which the permits refill. Defaults to one second.
         */
        private @Nullable Duration period;

        /**
         * Number of task starts allowed at once after a quiet spell. Defaults to the
         * permits.
         */
        private @Nullable Long burst;

        /**
         * Where the token bucket lives: 'local' to this instance, or 'cluster' to share
         * it in Redis with every instance that uses the same key. 'cluster' needs
         * poolworks-redis and Spring Data Redis with Lettuce. Defaults to 'local'.
         */
        private @Nullable RateLimitScope scope;

        /**
         * Redis key of the shared token bucket, for scope 'cluster': every instance and
         * pool that uses the same key shares one limit. Defaults to
         * 'poolworks:<spring.application.name>:<pool>'.
         */
        private @Nullable String key;

        /**
         * What a cluster rate limit does while Redis cannot be reached: 'pause' starts
         * nothing that needs a permit (tasks stay queued), 'local' starts tasks under a
         * limit of the same settings in this instance, 'open' starts them without a
         * limit. Defaults to 'pause'.
         */
        private @Nullable StoreFailure onStoreFailure;

        /**
         * Maximum time one operation on the shared token bucket may take before it counts
         * as a failure of Redis, for scope 'cluster'. Defaults to 500ms.
         */
        private @Nullable Duration requestTimeout;

        public @Nullable Long getPermits() {
            return this.permits;
        }

        public void setPermits(@Nullable Long permits) {
            this.permits = permits;
        }

        public @Nullable Duration getPeriod() {
            return this.period;
        }

        public void setPeriod(@Nullable Duration period) {
            this.period = period;
        }

        public @Nullable Long getBurst() {
            return this.burst;
        }

        public void setBurst(@Nullable Long burst) {
            this.burst = burst;
        }

        public @Nullable RateLimitScope getScope() {
            return this.scope;
        }

        public void setScope(@Nullable RateLimitScope scope) {
            this.scope = scope;
        }

        public @Nullable String getKey() {
            return this.key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }

        public @Nullable StoreFailure getOnStoreFailure() {
            return this.onStoreFailure;
        }

        public void setOnStoreFailure(@Nullable StoreFailure onStoreFailure) {
            this.onStoreFailure = onStoreFailure;
        }

        public @Nullable Duration getRequestTimeout() {
            return this.requestTimeout;
        }

        public void setRequestTimeout(@Nullable Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

    }

    /**
     * Concurrency limit the pool finds from the run times of its tasks, below
     * max-workers. Setting the algorithm turns it on.
     */
    public static class Adaptive {

        /**
         * Algorithm that finds the limit. Setting it turns the adaptive limit on; it
         * requires com.netflix.concurrency-limits:concurrency-limits-core on the class
         * path.
         */
        private AdaptiveLimit.@Nullable Algorithm algorithm;

        /**
         * Limit to start with, between min and max. Defaults to 4, or the nearest value
         * between min and max.
         */
        private @Nullable Integer initial;

        /**
         * Lowest limit. Defaults to 1.
         */
        private @Nullable Integer min;

        /**
         * Highest limit, at most max-workers. Defaults to max-workers.
         */
        private @Nullable Integer max;

        public AdaptiveLimit.@Nullable Algorithm getAlgorithm() {
            return this.algorithm;
        }

        public void setAlgorithm(AdaptiveLimit.@Nullable Algorithm algorithm) {
            this.algorithm = algorithm;
        }

        public @Nullable Integer getInitial() {
            return this.initial;
        }

        public void setInitial(@Nullable Integer initial) {
            this.initial = initial;
        }

        public @Nullable Integer getMin() {
            return this.min;
        }

        public void setMin(@Nullable Integer min) {
            this.min = min;
        }

        public @Nullable Integer getMax() {
            return this.max;
        }

        public void setMax(@Nullable Integer max) {
            this.max = max;
        }

    }

}
