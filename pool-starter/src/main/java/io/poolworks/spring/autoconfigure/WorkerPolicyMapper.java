package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.poolworks.conductor.Backoff;
import io.poolworks.conductor.FailurePolicy;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.autoconfigure.PoolworksProperties.FailurePolicyType;
import io.poolworks.spring.autoconfigure.PoolworksProperties.Restart;
import io.poolworks.spring.autoconfigure.PoolworksProperties.WorkerPolicy;
import io.poolworks.spring.autoconfigure.PoolworksProperties.Workers;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code poolworks.workers} into the {@link FailurePolicy} of each worker: the
 * worker's override, else the workers' setting, else the conductor's default.
 */
final class WorkerPolicyMapper {

    private static final String PREFIX = "poolworks.workers.";

    private final Workers workers;

    WorkerPolicyMapper(Workers workers) {
        this.workers = workers;
    }

    /**
     * Check the shutdown timeout against the shutdown phase, and every policy.
     * @param phaseTimeout the value of
     * {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @throws InvalidPoolPropertyException for the first invalid value
     */
    void validate(Duration phaseTimeout) {
        Duration timeout = this.workers.getShutdownTimeout();
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidPoolPropertyException(PREFIX + "shutdown-timeout", timeout, "it must be positive",
                    "Set it to how long the workers may take to stop, such as 10s");
        }
        if (timeout.compareTo(phaseTimeout) > 0) {
            throw new InvalidPoolPropertyException(PREFIX + "shutdown-timeout", timeout,
                    "it must fit in spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout + ")",
                    "Lower it to at most " + phaseTimeout + ", or raise spring.lifecycle.timeout-per-shutdown-phase");
        }
        policy(null);
        this.workers.getOverrides().keySet().forEach(this::policy);
    }

    /**
     * Return the failure policy of one worker.
     * @param worker the worker's bean name, or {@code null} for the workers' own setting
     * @return the policy
     */
    FailurePolicy policy(@Nullable String worker) {
        WorkerPolicy override = (worker != null) ? this.workers.getOverrides().get(worker) : null;
        String prefix = (override != null) ? PREFIX + "overrides." + worker + "." : PREFIX;
        FailurePolicyType type = (override != null && override.getFailurePolicy() != null) ? override.getFailurePolicy()
                : this.workers.getFailurePolicy();
        return switch (type) {
            case STOP_ALL -> FailurePolicy.stopAll();
            case IGNORE -> FailurePolicy.ignore();
            case RESTART -> FailurePolicy.restart(backoff((override != null) ? override.getRestart() : null, prefix));
        };
    }

    private Backoff backoff(@Nullable Restart override, String prefix) {
        Restart base = this.workers.getRestart();
        Duration initial = pick(override, base, Restart::getInitialBackoff, Duration.ofSeconds(1));
        Duration max = pick(override, base, Restart::getMaxBackoff, Duration.ofSeconds(30));
        double multiplier = pick(override, base, Restart::getMultiplier, Backoff.DEFAULT_MULTIPLIER);
        double jitter = pick(override, base, Restart::getJitter, Backoff.DEFAULT_JITTER);
        int maxRestarts = pick(override, base, Restart::getMaxRestarts, Backoff.DEFAULT_MAX_RESTARTS);
        Duration window = pick(override, base, Restart::getWindow, Backoff.DEFAULT_WINDOW);
        check(!initial.isZero() && !initial.isNegative(), prefix + "restart.initial-backoff", initial,
                "it must be positive", "Set it to the first restart delay, such as 1s");
        check(max.compareTo(initial) >= 0, prefix + "restart.max-backoff", max,
                "it must be >= restart.initial-backoff (" + initial + ")",
                "Raise it to at least " + initial + ", or lower restart.initial-backoff");
        check(Double.isFinite(multiplier) && multiplier >= 1.0, prefix + "restart.multiplier", multiplier,
                "it must be >= 1", "Set it to 1 for a constant delay or 2 to double it each time");
        check(jitter >= 0.0 && jitter <= 1.0, prefix + "restart.jitter", jitter, "it must be within [0, 1]",
                "Set it to a fraction such as 0.2");
        check(maxRestarts >= 0, prefix + "restart.max-restarts", maxRestarts, "it must be >= 0",
                "Set it to the number of restarts allowed per window");
        check(!window.isZero() && !window.isNegative(), prefix + "restart.window", window, "it must be positive",
                "Set it to the window the restarts are counted in, such as 1m");
        return Backoff.exponential(initial, max)
            .withMultiplier(multiplier)
            .withJitter(jitter)
            .withBudget(maxRestarts, window);
    }

    private static <T> T pick(@Nullable Restart override, Restart base, Function<Restart, @Nullable T> getter,
            T fallback) {
        T value = (override != null) ? getter.apply(override) : null;
        if (value == null) {
            value = getter.apply(base);
        }
        return (value != null) ? value : fallback;
    }

    private static void check(boolean valid, String property, Object value, String rule, String fix) {
        if (!valid) {
            throw new InvalidPoolPropertyException(property, value, rule, fix);
        }
    }

    Map<String, WorkerPolicy> overrides() {
        return this.workers.getOverrides();
    }

}
