package io.poolworks.conductor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Backoff} and {@link FailurePolicy}.
 */
class BackoffTests {

    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void exponentialWhenCreatedShouldUseTheDefaults() {
        assertThat(this.backoff)
            .isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2, 5, Duration.ofMinutes(1)));
    }

    @Test
    void withersWhenCalledShouldReturnCopies() {
        Backoff changed = this.backoff.withMultiplier(3).withJitter(0).withBudget(7, Duration.ofSeconds(30));
        assertThat(changed.multiplier()).isEqualTo(3);
        assertThat(changed.jitter()).isZero();
        assertThat(changed.maxRestarts()).isEqualTo(7);
        assertThat(changed.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(this.backoff.multiplier()).isEqualTo(2);
    }

    @Test
    void constructorWhenComponentBreaksItsRuleShouldNameItTheRuleAndTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
            .withMessage("Backoff initial must be > 0 but was PT0S");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .withMessage("Backoff max must be >= initial (PT2S) but was PT1S");
        assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.withMultiplier(0.5))
            .withMessage("Backoff multiplier must be >= 1 but was 0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.withMultiplier(Double.NaN))
            .withMessage("Backoff multiplier must be >= 1 but was NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.withJitter(1.5))
            .withMessage("Backoff jitter must be within [0, 1] but was 1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.withBudget(-1, Duration.ofSeconds(1)))
            .withMessage("Backoff maxRestarts must be >= 0 but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.withBudget(1, Duration.ofSeconds(-1)))
            .withMessage("Backoff window must be > 0 but was PT-1S");
        assertThatNullPointerException().isThrownBy(() -> Backoff.exponential(null, Duration.ofSeconds(1)))
            .withMessage("initial must not be null");
    }

    @Test
    void failurePolicyWhenCreatedShouldDescribeItself() {
        assertThat(FailurePolicy.stopAll()).isInstanceOf(FailurePolicy.StopAll.class);
        assertThat(FailurePolicy.ignore()).isInstanceOf(FailurePolicy.Ignore.class);
        assertThat(FailurePolicy.restart(this.backoff)).isEqualTo(new FailurePolicy.Restart(this.backoff));
        assertThatNullPointerException().isThrownBy(() -> FailurePolicy.restart(null))
            .withMessage("backoff must not be null");
    }

}
