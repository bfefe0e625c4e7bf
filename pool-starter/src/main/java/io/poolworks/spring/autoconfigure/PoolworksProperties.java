package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.QueueOrder;
import io.poolworks.SaturationPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for Poolworks: pools declared by name, the settings every pool
 * inherits, and the application's long-running workers.
 * <p>
 * A pool takes each setting from {@code poolworks.pools.<name>}, else from
 * {@code poolworks.defaults}, else from the built-in default of
 * {@link io.poolworks.WorkerPool.Builder}.
 * {@link io.poolworks.spring.WorkerPoolCustomizer} beans run last and win.
 *
 * @see PoolworksAutoConfiguration
 */
@ConfigurationProperties("poolworks")
public class PoolworksProperties {

    /**
     * Settings every pool inherits when it does not set them itself.
     */
    private final Pool defaults = new Pool();

    /**
     * Pools to create, by bean name.
     */
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    private final Workers workers = new Workers();

    public Pool getDefaults() {
        return this.defaults;
    }

    public Map<String, Pool> getPools() {
        return this.pools;
    }

    public Workers getWorkers() {
        return this.workers;
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
         * Maximum number of workers. When unset and min-workers is larger than the
         * built-in maximum, it follows min-workers.
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
         * Whether workers run on virtual threads. Requires Java 21 or later.
         */
        private @Nullable Boolean virtualThreads;

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

    }

    /**
     * The application's {@link io.poolworks.conductor.Worker} beans, run by one
     * conductor.
     */
    public static class Workers {

        /**
         * Maximum time the workers get to stop when the application shuts down.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        /**
         * Whether workers run on virtual threads. Requires Java 21 or later.
         */
        private boolean virtualThreads;

        /**
         * Whether a worker failure that stops all workers also closes the application
         * context. Either way liveness turns BROKEN.
         */
        private boolean closeContextOnFailure;

        /**
         * What happens when a worker throws.
         */
        private FailurePolicyType failurePolicy = FailurePolicyType.STOP_ALL;

        private final Restart restart = new Restart();

        /**
         * Failure policies of single workers, by bean name. Unset values inherit from
         * poolworks.workers.
         */
        private final Map<String, WorkerPolicy> overrides = new LinkedHashMap<>();

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public boolean isVirtualThreads() {
            return this.virtualThreads;
        }

        public void setVirtualThreads(boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
        }

        public boolean isCloseContextOnFailure() {
            return this.closeContextOnFailure;
        }

        public void setCloseContextOnFailure(boolean closeContextOnFailure) {
            this.closeContextOnFailure = closeContextOnFailure;
        }

        public FailurePolicyType getFailurePolicy() {
            return this.failurePolicy;
        }

        public void setFailurePolicy(FailurePolicyType failurePolicy) {
            this.failurePolicy = failurePolicy;
        }

        public Restart getRestart() {
            return this.restart;
        }

        public Map<String, WorkerPolicy> getOverrides() {
            return this.overrides;
        }

    }

    /**
     * Failure policy of the workers, or of one worker.
     */
    public static class WorkerPolicy {

        /**
         * What happens when the worker throws.
         */
        private @Nullable FailurePolicyType failurePolicy;

        private final Restart restart = new Restart();

        public @Nullable FailurePolicyType getFailurePolicy() {
            return this.failurePolicy;
        }

        public void setFailurePolicy(@Nullable FailurePolicyType failurePolicy) {
            this.failurePolicy = failurePolicy;
        }

        public Restart getRestart() {
            return this.restart;
        }

    }

    /**
     * Exponential backoff between restarts of a failed worker, with a restart budget.
     */
    public static class Restart {

        /**
         * Delay before the first restart.
         */
        private @Nullable Duration initialBackoff;

        /**
         * Longest delay between restarts.
         */
        private @Nullable Duration maxBackoff;

        /**
         * Factor by which the delay grows after each restart.
         */
        private @Nullable Double multiplier;

        /**
         * Random spread of each delay, as a fraction of it between 0 and 1.
         */
        private @Nullable Double jitter;

        /**
         * Number of restarts allowed within the window before all workers stop.
         */
        private @Nullable Integer maxRestarts;

        /**
         * Window in which max-restarts is counted.
         */
        private @Nullable Duration window;

        public @Nullable Duration getInitialBackoff() {
            return this.initialBackoff;
        }

        public void setInitialBackoff(@Nullable Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public @Nullable Duration getMaxBackoff() {
            return this.maxBackoff;
        }

        public void setMaxBackoff(@Nullable Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public @Nullable Double getMultiplier() {
            return this.multiplier;
        }

        public void setMultiplier(@Nullable Double multiplier) {
            this.multiplier = multiplier;
        }

        public @Nullable Double getJitter() {
            return this.jitter;
        }

        public void setJitter(@Nullable Double jitter) {
            this.jitter = jitter;
        }

        public @Nullable Integer getMaxRestarts() {
            return this.maxRestarts;
        }

        public void setMaxRestarts(@Nullable Integer maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public @Nullable Duration getWindow() {
            return this.window;
        }

        public void setWindow(@Nullable Duration window) {
            this.window = window;
        }

    }

    /**
     * What the conductor does when a worker throws.
     */
    public enum FailurePolicyType {

        /**
         * Stop every worker.
         */
        STOP_ALL,

        /**
         * Restart the worker after a backoff, within the restart budget.
         */
        RESTART,

        /**
         * Log the failure and leave the worker stopped.
         */
        IGNORE

    }

}
