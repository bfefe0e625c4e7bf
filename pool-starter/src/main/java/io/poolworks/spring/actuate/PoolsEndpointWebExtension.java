package io.poolworks.spring.actuate;

import java.util.List;

import io.poolworks.spring.actuate.PoolsEndpoint.InvalidTuningDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.PoolDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.ViolationDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link PoolsEndpoint}: a write to an unknown pool answers 404, and
 * an invalid write answers 400 with the violations as the body, whatever
 * {@code server.error.include-message} says. It takes the values as the strings Spring
 * Boot reads from the JSON body, so that a value of the wrong type is reported like any
 * other invalid value rather than by Boot's bare 400; a rate limit that the pool's permit
 * source cannot apply answers 409. Members that are not fields, and values that are
 * arrays or objects, never reach it: {@link PoolsWriteFilter} answers them.
 */
@EndpointWebExtension(endpoint = PoolsEndpoint.class)
final class PoolsEndpointWebExtension {

    private final PoolsEndpoint endpoint;

    PoolsEndpointWebExtension(PoolsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @WriteOperation
    WebEndpointResponse<OperationResponseBody> tune(@Selector String name, @Nullable String minWorkers,
            @Nullable String maxWorkers, @Nullable String queueCapacity, @Nullable String permits,
            @Nullable String period, @Nullable String burst, @Nullable String removeRateLimit, @Nullable String action,
            @Nullable String adaptiveLimit, @Nullable String unpinAdaptiveLimit, SecurityContext securityContext) {
        try {
            PoolDescriptor pool = this.endpoint.tune(
                    name, new TuningRequest(minWorkers, maxWorkers, queueCapacity, permits, period, burst,
                            removeRateLimit, action, adaptiveLimit, unpinAdaptiveLimit),
                    securityContext.getPrincipal());
            return (pool != null) ? new WebEndpointResponse<>(pool)
                    : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        catch (InvalidTuningException ex) {
            return new WebEndpointResponse<>(ex.descriptor(), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        catch (IllegalStateException ex) {
            // A shared permit source that cannot take the new limit.
            return new WebEndpointResponse<>(new InvalidTuningDescriptor(name,
                    List.of(new ViolationDescriptor("request", null, String.valueOf(ex.getMessage())))), 409);
        }
    }

}
