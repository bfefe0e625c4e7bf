package io.poolworks.spring.actuate;

import java.util.List;
import java.util.stream.Collectors;

import io.poolworks.spring.actuate.PoolsEndpoint.InvalidTuningDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.ViolationDescriptor;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * Thrown by the pools endpoint's write operation when a value is invalid; Boot answers it
 * with 400, and the web extension adds the violations as the body.
 */
final class InvalidTuningException extends InvalidEndpointRequestException {

    private static final long serialVersionUID = 1L;

    private final transient InvalidTuningDescriptor descriptor;

    InvalidTuningException(String pool, List<ViolationDescriptor> violations) {
        super(reason(violations), reason(violations));
        this.descriptor = new InvalidTuningDescriptor(pool, violations);
    }

    InvalidTuningDescriptor descriptor() {
        return this.descriptor;
    }

    private static String reason(List<ViolationDescriptor> violations) {
        return violations.stream().map(ViolationDescriptor::reason).collect(Collectors.joining("; "));
    }

}
