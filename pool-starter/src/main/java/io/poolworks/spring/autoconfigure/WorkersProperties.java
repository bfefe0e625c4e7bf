package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the application's {@link io.poolworks.conductor.Worker}
 * beans, which run in one conductor.
 *
 * @see PoolworksWorkersAutoConfiguration
 */
@ConfigurationProperties("poolworks.workers")
public class WorkersProperties {

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
