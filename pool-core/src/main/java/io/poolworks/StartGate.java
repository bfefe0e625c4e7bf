package io.poolworks;

import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * Lets a task start only when the pool's permit source gives a permit.
 */
final class StartGate {

    private final StartPermits permits;

    StartGate(StartPermits permits) {
        this.permits = permits;
    }

    @Nullable RateLimit rateLimit() {
        return this.permits.rateLimit();
    }

    StartPermits permits() {
        return this.permits;
    }

    long tryStart() {
        try {
            return this.permits.tryAcquire();
        }
        catch (Exception ex) {
            return 1_000_000L;
        }
    }

}
