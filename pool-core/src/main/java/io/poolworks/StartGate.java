package io.poolworks;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Lets a task start only when the pool's token bucket has a token.
 */
final class StartGate {

    private final Bucket bucket;

    private StartGate(Bucket bucket) {
        this.bucket = bucket;
    }

    static StartGate of(RateLimit rateLimit) {
        Bandwidth bandwidth = Bandwidth.builder()
            .capacity(rateLimit.burst())
            .refillGreedy(rateLimit.permits(), rateLimit.period())
            .build();
        return new StartGate(Bucket.builder().addLimit(bandwidth).build());
    }

    static StartGate of(Bucket bucket) {
        return new StartGate(bucket);
    }

    /**
     * Take a token if there is one.
     * @return {@code 0} when a token was taken, else how many nanoseconds until one is
     * due
     */
    long tryStart() {
        if (this.bucket.tryConsume(1)) {
            return 0L;
        }
        return Math.max(1L, this.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

}
