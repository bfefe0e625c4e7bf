package io.poolworks.conductor;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RestartSchedule}: delays and budget, with a fake clock and fixed or
 * seeded randomness, so nothing here measures time.
 */
class RestartScheduleTests {

    private final AtomicLong nanos = new AtomicLong();

    private final Backoff noJitter = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1))
        .withJitter(0)
        .withBudget(10, Duration.ofMinutes(1));

    @Test
    void delayWhenRestartsGrowShouldGrowExponentiallyUpToTheCap() {
        assertThat(RestartSchedule.delay(this.noJitter, 0, 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(RestartSchedule.delay(this.noJitter, 1, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(RestartSchedule.delay(this.noJitter, 2, 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(RestartSchedule.delay(this.noJitter, 3, 0.5)).isEqualTo(Duration.ofMillis(800));
        assertThat(RestartSchedule.delay(this.noJitter, 4, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RestartSchedule.delay(this.noJitter, 5_000, 0.5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void delayWhenJitterIsSetShouldStayWithinTheJitterRangeAndTheCap() {
        Backoff jittered = this.noJitter.withJitter(0.5);
        assertThat(RestartSchedule.delay(jittered, 1, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(RestartSchedule.delay(jittered, 1, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(RestartSchedule.delay(jittered, 1, 0.999999)).isBetween(Duration.ofMillis(299),
                Duration.ofMillis(300));
        assertThat(RestartSchedule.delay(jittered, 4, 0.999999)).isEqualTo(Duration.ofSeconds(1));
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            assertThat(RestartSchedule.delay(jittered, 2, random.nextDouble())).isBetween(Duration.ofMillis(200),
                    Duration.ofMillis(600));
        }
    }

    @Test
    void nextDelayWhenBudgetIsSpentShouldReturnNull() {
        RestartSchedule schedule = new RestartSchedule(this.noJitter.withBudget(3, Duration.ofSeconds(10)),
                this.nanos::get, () -> 0.5);
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(400));
        assertThat(schedule.nextDelay()).isNull();
    }

    @Test
    void nextDelayWhenOldRestartsLeaveTheWindowShouldRegainBudgetAndShrinkTheDelay() {
        RestartSchedule schedule = new RestartSchedule(this.noJitter.withBudget(2, Duration.ofSeconds(10)),
                this.nanos::get, () -> 0.5);
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(100));
        this.nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(200));
        this.nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        // The first restart left the window: one restart is in it.
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(schedule.nextDelay()).isNull();
        this.nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(schedule.nextDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void nextDelayWhenBudgetIsZeroShouldEscalateOnTheFirstFailure() {
        RestartSchedule schedule = new RestartSchedule(this.noJitter.withBudget(0, Duration.ofSeconds(10)),
                this.nanos::get, () -> 0.5);
        assertThat(schedule.nextDelay()).isNull();
    }

}
