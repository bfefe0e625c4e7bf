package io.poolworks.conductor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker under {@link FailurePolicy#restart(Backoff)} is restarted: an exponential
 * delay with a cap and jitter, and a restart budget.
 * <p>
 * The delay before a restart is {@code initial * multiplier^n}, where {@code n} is the
 * number of restarts of that worker still inside the budget {@code window}, multiplied by
 * a random factor in {@code [1 - jitter, 1 + jitter]} and capped at {@code max}. So the
 * delay grows while a worker keeps failing and falls back to {@code initial} after a
 * quiet window. When a worker fails after {@code maxRestarts} restarts within the last
 * {@code window}, the budget is spent and the failure escalates to
 * {@link FailurePolicy#stopAll() stop-all}.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(30))
 *         .withMultiplier(2.0)
 *         .withJitter(0.2)
 *         .withBudget(5, Duration.ofMinutes(1));
 * }</pre>
 *
 * @param initial the delay before the first restart; must be positive
 * @param max the largest delay; must be at least {@code initial}
 * @param multiplier the growth factor per restart; must be finite and at least 1
 * @param jitter the random spread as a fraction of the delay; must be within
 * {@code [0, 1]}
 * @param maxRestarts the restarts allowed within {@code window}; 0 escalates on the first
 * failure; must not be negative
 * @param window the sliding window of the restart budget; must be positive
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter, int maxRestarts,
        Duration window) {

    /**
     * The default multiplier of {@link #exponential(Duration, Duration)}.
     */
    public static final double DEFAULT_MULTIPLIER = 2.0;

    /**
     * The default jitter of {@link #exponential(Duration, Duration)}.
     */
    public static final double DEFAULT_JITTER = 0.2;

    /**
     * The default number of restarts allowed within {@link #DEFAULT_WINDOW}.
     */
    public static final int DEFAULT_MAX_RESTARTS = 5;

    /**
     * The default window of the restart budget.
     */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    /**
     * Validates the components.
     * @param initial the delay before the first restart; must be positive
     * @param max the largest delay; must be at least {@code initial}
     * @param multiplier the growth factor per restart; must be finite and at least 1
     * @param jitter the random spread as a fraction of the delay; must be within
     * {@code [0, 1]}
     * @param maxRestarts the restarts allowed within {@code window}; 0 escalates on the
     * first failure; must not be negative
     * @param window the sliding window of the restart budget; must be positive
     * @throws NullPointerException if a duration is {@code null}
     * @throws IllegalArgumentException if a component breaks its rule; the message names
     * the component, the rule and the value
     */
    public Backoff {
        Objects.requireNonNull(initial, "initial must not be null");
        Objects.requireNonNull(max, "max must not be null");
        Objects.requireNonNull(window, "window must not be null");
        check(!initial.isNegative() && !initial.isZero(), "initial must be > 0 but was " + initial);
        check(max.compareTo(initial) >= 0, "max must be >= initial (" + initial + ") but was " + max);
        check(Double.isFinite(multiplier) && multiplier >= 1.0, "multiplier must be >= 1 but was " + multiplier);
        check(jitter >= 0.0 && jitter <= 1.0, "jitter must be within [0, 1] but was " + jitter);
        check(maxRestarts >= 0, "maxRestarts must be >= 0 but was " + maxRestarts);
        check(!window.isNegative() && !window.isZero(), "window must be > 0 but was " + window);
    }

    /**
     * Returns an exponential backoff from {@code initial} to {@code max} with the default
     * multiplier (2), jitter (0.2) and budget (5 restarts within 1 minute).
     * @param initial the first delay; must be positive
     * @param max the largest delay; must be at least {@code initial}
     * @return the backoff
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code initial} is zero or negative, or
     * {@code max} is smaller than {@code initial}
     */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, DEFAULT_MULTIPLIER, DEFAULT_JITTER, DEFAULT_MAX_RESTARTS, DEFAULT_WINDOW);
    }

    /**
     * Returns a copy with another multiplier.
     * @param multiplier the growth factor; 1 gives a constant delay; must be finite and
     * at least 1
     * @return the new backoff
     * @throws IllegalArgumentException if {@code multiplier} is below 1, infinite or NaN
     */
    public Backoff withMultiplier(double multiplier) {
        return new Backoff(this.initial, this.max, multiplier, this.jitter, this.maxRestarts, this.window);
    }

    /**
     * Returns a copy with another jitter.
     * @param jitter the random spread as a fraction of the delay; 0 makes delays
     * deterministic; must be within {@code [0, 1]}
     * @return the new backoff
     * @throws IllegalArgumentException if {@code jitter} is negative, above 1 or NaN
     */
    public Backoff withJitter(double jitter) {
        return new Backoff(this.initial, this.max, this.multiplier, jitter, this.maxRestarts, this.window);
    }

    /**
     * Returns a copy with another restart budget.
     * @param maxRestarts the restarts allowed within {@code window}; 0 escalates on the
     * first failure; must not be negative
     * @param window the sliding window; must be positive
     * @return the new backoff
     * @throws NullPointerException if {@code window} is {@code null}
     * @throws IllegalArgumentException if {@code maxRestarts} is negative or
     * {@code window} is zero or negative
     */
    public Backoff withBudget(int maxRestarts, Duration window) {
        return new Backoff(this.initial, this.max, this.multiplier, this.jitter, maxRestarts, window);
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException("Backoff " + message);
        }
    }

}
