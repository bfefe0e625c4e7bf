package io.poolworks;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;

/**
 * Lets a task start only when the pool's token bucket has a token.
 */
final class StartGate {

    private final Bucket bucket;

    private final @Nullable RateLimit rateLimit;

    private StartGate(Bucket bucket, @Nullable RateLimit rateLimit) {
        this.bucket = bucket;
        this.rateLimit = rateLimit;
    }

    static StartGate of(RateLimit rateLimit) {
        Bandwidth bandwidth = Bandwidth.builder()
            .capacity(rateLimit.burst())
            .refillGreedy(rateLimit.permits(), rateLimit.period())
            .build();
        return new StartGate(Bucket.builder().addLimit(bandwidth).build(), rateLimit);
    }

    static StartGate of(Bucket bucket) {
        return new StartGate(bucket, null);
    }

    /**
     * Take a token if there is one.
     * @return {@code 0} when a token was taken, else how many nanoseconds until one is
     * due
     */
    @Nullable RateLimit rateLimit() {
        return this.rateLimit;
    }

    long tryStart() {
        if (this.bucket.tryConsume(1)) {
            return 0L;
        }
        return Math.max(1L, this.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

}
