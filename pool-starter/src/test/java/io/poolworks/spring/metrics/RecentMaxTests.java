package io.poolworks.spring.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecentMax}, on a {@link MockClock}.
 */
class RecentMaxTests {

    private final MockClock clock = new MockClock();

    private final RecentMax max = new RecentMax(this.clock);

    @Test
    void maxWhenNothingWasRecordedShouldBeZero() {
        assertThat(this.max.max(TimeUnit.SECONDS)).isZero();
    }

    @Test
    void maxWhenValuesAreRecordedShouldBeTheLargestInTheUnitAsked() {
        this.max.record(millis(3));
        this.max.record(millis(7));
        this.max.record(millis(5));
        assertThat(this.max.max(TimeUnit.SECONDS)).isEqualTo(0.007);
        assertThat(this.max.max(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    }

    @Test
    void maxWhenReadAtEveryScrapeShouldReportAValueForOneToTwoSteps() {
        this.max.record(millis(7));
        assertThat(scrapeAfter(Duration.ofSeconds(59))).isEqualTo(0.007);
        // A step after the start: rotates, the 7 ms moves to the previous slot.
        assertThat(scrapeAfter(Duration.ofSeconds(1))).isEqualTo(0.007);
        this.max.record(millis(2));
        assertThat(scrapeAfter(Duration.ofSeconds(59))).isEqualTo(0.007);
        // Two steps after the 7 ms was recorded it is gone; the 2 ms is still reported.
        assertThat(scrapeAfter(Duration.ofSeconds(1))).isEqualTo(0.002);
        assertThat(scrapeAfter(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void maxWhenScrapesAreFurtherApartThanAStepShouldReportWhatCameSinceTheScrapeBefore() {
        this.max.record(millis(7));
        assertThat(scrapeAfter(Duration.ofMinutes(10))).isEqualTo(0.007);
        this.max.record(millis(2));
        assertThat(scrapeAfter(Duration.ofMinutes(10))).isEqualTo(0.002);
        assertThat(scrapeAfter(Duration.ofMinutes(10))).isZero();
    }

    @Test
    void recordWhenThreadsRaceShouldKeepTheLargest() throws Exception {
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> largest = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SplittableRandom random = new SplittableRandom(i);
                largest.add(executor.submit(() -> {
                    start.await();
                    long mine = 0;
                    for (int j = 0; j < 100_000; j++) {
                        long value = random.nextLong(1, Long.MAX_VALUE);
                        mine = Math.max(mine, value);
                        this.max.record(value);
                    }
                    return mine;
                }));
            }
            start.countDown();
            long expected = 0;
            for (Future<Long> future : largest) {
                expected = Math.max(expected, future.get(30, TimeUnit.SECONDS));
            }
            assertThat(this.max.max(TimeUnit.NANOSECONDS)).isEqualTo((double) expected);
        }
        finally {
            executor.shutdownNow();
        }
    }

    private double scrapeAfter(Duration elapsed) {
        this.clock.add(elapsed);
        return this.max.max(TimeUnit.SECONDS);
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

}
