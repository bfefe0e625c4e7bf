package io.poolworks.spring.actuate;

import io.poolworks.spring.actuate.PoolsEndpoint.PoolDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The arguments of one write of the pools endpoint, set by name, for tests.
 */
final class TuningWrite {

    private @Nullable Integer minWorkers;

    private @Nullable Integer maxWorkers;

    private @Nullable Integer queueCapacity;

    private @Nullable Long permits;

    private @Nullable String period;

    private @Nullable Long burst;

    private @Nullable Boolean removeRateLimit;

    private @Nullable String action;

    private @Nullable Integer adaptiveLimit;

    private @Nullable Boolean unpinAdaptiveLimit;

    TuningWrite minWorkers(int minWorkers) {
        this.minWorkers = minWorkers;
        return this;
    }

    TuningWrite maxWorkers(int maxWorkers) {
        this.maxWorkers = maxWorkers;
        return this;
    }

    TuningWrite queueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
        return this;
    }

    TuningWrite permits(long permits) {
        this.permits = permits;
        return this;
    }

    TuningWrite period(String period) {
        this.period = period;
        return this;
    }

    TuningWrite burst(long burst) {
        this.burst = burst;
        return this;
    }

    TuningWrite removeRateLimit(boolean removeRateLimit) {
        this.removeRateLimit = removeRateLimit;
        return this;
    }

    TuningWrite action(String action) {
        this.action = action;
        return this;
    }

    TuningWrite adaptiveLimit(int adaptiveLimit) {
        this.adaptiveLimit = adaptiveLimit;
        return this;
    }

    TuningWrite unpinAdaptiveLimit(boolean unpinAdaptiveLimit) {
        this.unpinAdaptiveLimit = unpinAdaptiveLimit;
        return this;
    }

    @Nullable PoolDescriptor on(PoolsEndpoint endpoint, String pool) {
        return endpoint.tune(pool, this.minWorkers, this.maxWorkers, this.queueCapacity, this.permits, this.period,
                this.burst, this.removeRateLimit, this.action, this.adaptiveLimit, this.unpinAdaptiveLimit,
                SecurityContext.NONE);
    }

    WebEndpointResponse<OperationResponseBody> on(PoolsEndpointWebExtension extension, String pool) {
        return extension.tune(pool, text(this.minWorkers), text(this.maxWorkers), text(this.queueCapacity),
                text(this.permits), this.period, text(this.burst), text(this.removeRateLimit), this.action,
                text(this.adaptiveLimit), text(this.unpinAdaptiveLimit), SecurityContext.NONE);
    }

    /**
     * Return a value as Spring Boot passes it to a web operation: as a string.
     */
    private static @Nullable String text(@Nullable Object value) {
        return (value != null) ? value.toString() : null;
    }

}
