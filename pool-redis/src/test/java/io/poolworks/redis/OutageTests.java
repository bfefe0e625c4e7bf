package io.poolworks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long an outage has lasted, on a clock of the test's: from the first failure of the
 * outage, not the last, and nothing (-1) once an operation succeeded again.
 */
class OutageTests {

    private final StreamSettings settings = new StreamSettings("orders", "workers", "c1", "orders:dead",
            Duration.ofSeconds(30), 5, 100, Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final AtomicLong now = new AtomicLong(1_000L);

    private final Outage outage = new Outage(this.settings, this.now::get);

    @Test
    void unreachableForShouldCountFromTheFirstFailureOfTheOutage() {
        assertThat(this.outage.unreachableNanos()).as("reachable").isNegative();
        this.outage.failed("reading", new IOException("refused"));
        this.now.addAndGet(400);
        this.outage.failed("acknowledging", new IOException("refused"));
        this.now.addAndGet(600);

        assertThat(this.outage.reachable()).isFalse();
        assertThat(this.outage.unreachableNanos()).isEqualTo(1_000L);
        assertThat(this.outage.outages()).isOne();
    }

    @Test
    void unreachableForWhenRedisAnswersAgainShouldBeZeroUntilTheNextOutage() {
        this.outage.failed("reading", new IOException("refused"));
        this.now.addAndGet(500);
        this.outage.succeeded();
        assertThat(this.outage.reachable()).isTrue();
        assertThat(this.outage.unreachableNanos()).isNegative();

        this.now.addAndGet(10_000);
        this.outage.failed("reading", new IOException("refused"));
        this.now.addAndGet(300);
        assertThat(this.outage.unreachableNanos()).isEqualTo(300L);
        assertThat(this.outage.outages()).isEqualTo(2);
    }

}
