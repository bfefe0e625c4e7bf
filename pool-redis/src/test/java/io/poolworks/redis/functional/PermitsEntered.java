package io.poolworks.redis.functional;

import java.util.concurrent.CountDownLatch;

import io.poolworks.RateLimit;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * Passes every call to a permit source and tells a test when a worker has entered
 * {@link #tryAcquire()}, so that the test knows the worker is inside the source (for
 * example waiting for a paused Redis) without guessing.
 */
final class PermitsEntered implements StartPermits {

    private final StartPermits permits;

    private final CountDownLatch entered = new CountDownLatch(1);

    private volatile boolean armed;

    PermitsEntered(StartPermits permits) {
        this.permits = permits;
    }

    /** From now on, count down the latch when a worker enters {@link #tryAcquire()}. */
    void arm() {
        this.armed = true;
    }

    /** Wait until a worker entered {@link #tryAcquire()} after {@link #arm()}. */
    void awaitEntered() throws InterruptedException {
        this.entered.await();
    }

    @Override
    public long tryAcquire() throws Exception {
        if (this.armed) {
            this.entered.countDown();
        }
        return this.permits.tryAcquire();
    }

    @Override
    public void release() {
        this.permits.release();
    }

    @Override
    public @Nullable RateLimit rateLimit() {
        return this.permits.rateLimit();
    }

    @Override
    public StartPermits withRateLimit(RateLimit rateLimit) throws Exception {
        return new PermitsEntered(this.permits.withRateLimit(rateLimit));
    }

}
