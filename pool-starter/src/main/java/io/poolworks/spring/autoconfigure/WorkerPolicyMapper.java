package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.poolworks.conductor.Backoff;
import io.poolworks.conductor.FailurePolicy;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.autoconfigure.WorkersProperties.FailurePolicyType;
import io.poolworks.spring.autoconfigure.WorkersProperties.Restart;
import io.poolworks.spring.autoconfigure.WorkersProperties.WorkerPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Turns {@code poolworks.workers} into the {@link FailurePolicy} of each worker: the
 * worker's override, else the workers' setting, else the conductor's default. The
 * conductor's {@link Backoff} owns the rules; a value it refuses is reported under the
 * property it came from.
 */
final class WorkerPolicyMapper {

    private static final String PREFIX = "poolworks.workers.";

    private final WorkersProperties workers;

    private final Environment environment;

    WorkerPolicyMapper(WorkersProperties workers, Environment environment) {
        this.workers = workers;
        this.environment = environment;
    }

    /**
     * Check what is about Spring: the shutdown timeout must fit in the shutdown phase.
     * @param phaseTimeout the value of
     * {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @throws InvalidPoolPropertyException if it does not
     */
    void checkShutdownFits(Duration phaseTimeout) {
        Duration timeout = this.workers.getShutdownTimeout();
        if (timeout.compareTo(phaseTimeout) > 0) {
            String property = PREFIX + "shutdown-timeout";
            throw new InvalidPoolPropertyException(property,
                    ConfiguredValues.shown(this.environment, property, timeout),
                    "it must fit in " + PoolRegistrationPostProcessor.PHASE_TIMEOUT_PROPERTY + " ("
                            + Durations.format(phaseTimeout) + ")",
                    "Lower it to at most " + Durations.format(phaseTimeout) + ", or raise "
                            + PoolRegistrationPostProcessor.PHASE_TIMEOUT_PROPERTY);
        }
    }

    /**
     * Apply a setting of the conductor, reporting a refused value under its property.
     * @param key the key under {@code poolworks.workers}
     * @param value the value
     * @param setting what applies it
     */
    <T> void apply(String key, T value, Consumer<T> setting) {
        try {
            setting.accept(value);
        }
        catch (IllegalArgumentException ex) {
            throw refused(PREFIX + key, value, ex);
        }
    }

    /**
     * Return the failure policy of one worker.
     * @param worker the worker's bean name, or {@code null} for the workers' own setting
     * @return the policy
     * @throws InvalidPoolPropertyException if the backoff refuses a value
     */
    FailurePolicy policy(@Nullable String worker) {
        WorkerPolicy override = (worker != null) ? this.workers.getOverrides().get(worker) : null;
        FailurePolicyType type = (override != null && override.getFailurePolicy() != null) ? override.getFailurePolicy()
                : this.workers.getFailurePolicy();
        return switch (type) {
            case STOP_ALL -> FailurePolicy.stopAll();
            case IGNORE -> FailurePolicy.ignore();
            case RESTART -> FailurePolicy.restart(backoff(worker, (override != null) ? override.getRestart() : null));
        };
    }

    private Backoff backoff(@Nullable String worker, @Nullable Restart override) {
        Value<Duration> initial = pick(worker, override, "initial-backoff", Restart::getInitialBackoff,
                Duration.ofSeconds(1));
        Value<Duration> max = pick(worker, override, "max-backoff", Restart::getMaxBackoff, Duration.ofSeconds(30));
        Value<Double> multiplier = pick(worker, override, "multiplier", Restart::getMultiplier,
                Backoff.DEFAULT_MULTIPLIER);
        Value<Double> jitter = pick(worker, override, "jitter", Restart::getJitter, Backoff.DEFAULT_JITTER);
        Value<Integer> maxRestarts = pick(worker, override, "max-restarts", Restart::getMaxRestarts,
                Backoff.DEFAULT_MAX_RESTARTS);
        Value<Duration> window = pick(worker, override, "window", Restart::getWindow, Backoff.DEFAULT_WINDOW);
        // Each step names the component it refuses first: "Backoff <component> ...".
        Map<String, Value<?>> components = Map.of("initial", initial, "max", max, "multiplier", multiplier, "jitter",
                jitter, "maxRestarts", maxRestarts, "window", window);
        return build(components,
                () -> Backoff.exponential(initial.value(), max.value())
                    .withMultiplier(multiplier.value())
                    .withJitter(jitter.value())
                    .withBudget(maxRestarts.value(), window.value()));
    }

    private Backoff build(Map<String, Value<?>> components, Supplier<Backoff> backoff) {
        try {
            return backoff.get();
        }
        catch (IllegalArgumentException ex) {
            String message = String.valueOf(ex.getMessage());
            String component = message.startsWith("Backoff ") ? message.substring(8).split(" ")[0] : "";
            Value<?> value = components.get(component);
            if (value == null) {
                throw ex;
            }
            throw refused(value.property(), value.value(), ex);
        }
    }

    private InvalidPoolPropertyException refused(String property, Object value, IllegalArgumentException ex) {
        String message = String.valueOf(ex.getMessage()).replaceFirst("^Backoff ", "");
        String rule = "it " + message.replaceFirst("^\\S+ ", "").replaceFirst(" but was .*$", "");
        return new InvalidPoolPropertyException(property, ConfiguredValues.shown(this.environment, property, value),
                rule, "Change " + property + " so that " + rule + ", or remove it");
    }

    private <T> Value<T> pick(@Nullable String worker, @Nullable Restart override, String key,
            Function<Restart, @Nullable T> getter, T fallback) {
        T value = (override != null) ? getter.apply(override) : null;
        if (value != null) {
            return new Value<>(value, PREFIX + "overrides." + worker + ".restart." + key);
        }
        value = getter.apply(this.workers.getRestart());
        return new Value<>((value != null) ? value : fallback, PREFIX + "restart." + key);
    }

    /**
     * A value and the property it comes from (or would come from, for a default).
     */
    private record Value<T>(T value, String property) {

    }

}
