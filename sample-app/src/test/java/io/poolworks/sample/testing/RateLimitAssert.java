package io.poolworks.sample.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks start times against a token bucket: between any two starts {@code a <= b}, at
 * most {@code burst + permits * (b - a) / period} starts, plus one for the delay between
 * taking a permit and noting the time.
 */
public final class RateLimitAssert {

    private RateLimitAssert() {
    }

    /**
     * Assert that the starts kept within the bucket.
     * @param starts when each task started, in any order
     * @param permits permits per period
     * @param period the period
     * @param burst the bucket's capacity
     */
    public static void assertWithinTokenBucket(List<Instant> starts, long permits, Duration period, long burst) {
        List<Instant> sorted = starts.stream().sorted().toList();
        double perNano = (double) permits / period.toNanos();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i; j < sorted.size(); j++) {
                long count = j - i + 1;
                double allowed = burst + perNano * Duration.between(sorted.get(i), sorted.get(j)).toNanos() + 1;
                assertThat((double) count)
                    .as("%d starts from %s to %s with %d per %s and burst %d", count, sorted.get(i), sorted.get(j),
                            permits, period, burst)
                    .isLessThanOrEqualTo(allowed);
            }
        }
    }

}
