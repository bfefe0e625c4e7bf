package io.poolworks;

import io.github.bucket4j.Bucket;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * Permits from a user's ready Bucket4j bucket
 * ({@link WorkerPool.Builder#rateLimit(Bucket)}): one token per start, taken only when
 * available, so that a bucket shared by several pools is never left in debt by one of
 * them.
 */
final class BucketStartPermits implements StartPermits {

    private final Bucket bucket;

    private boolean holding;

    BucketStartPermits(Bucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public synchronized long tryAcquire() {
        if (this.bucket.tryConsume(1)) {
            this.holding = true;
            return 0L;
        }
        this.holding = false;
        return Math.max(1L, this.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    @Override
    public synchronized void release() {
        if (this.holding) {
            this.holding = false;
            this.bucket.addTokens(1);
        }
    }

    @Override
    public @Nullable RateLimit rateLimit() {
        return null;
    }

    @Override
    public String toString() {
        return "StartPermits(" + this.bucket + ")";
    }

}
