package io.poolworks.spring.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.WorkerState;
import io.poolworks.conductor.WorkerStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows the status of every worker of the application's
 * {@link Conductor} (the one that runs the {@code Worker} beans).
 * <p>
 * Over HTTP: {@code GET /actuator/workers} lists the workers (none when the application
 * has no conductor), {@code GET /actuator/workers/{name}} shows one (404 when there is no
 * such worker). The endpoint has no write operation.
 * <p>
 * Thread-safe.
 */
@Endpoint(id = "workers")
public final class WorkersEndpoint {

    private final @Nullable Conductor conductor;

    /**
     * Create an endpoint for the given conductor.
     * @param conductor the conductor, or {@code null} when the application has none
     */
    public WorkersEndpoint(@Nullable Conductor conductor) {
        this.conductor = conductor;
    }

    /**
     * Describe every worker, in registration order.
     * @return the conductor's name and its workers; no name and no workers when there is
     * no conductor
     */
    @ReadOperation
    public WorkersDescriptor workers() {
        if (this.conductor == null) {
            return new WorkersDescriptor(null, Map.of());
        }
        Map<String, WorkerDescriptor> workers = new LinkedHashMap<>();
        this.conductor.status().forEach((status) -> workers.put(status.name(), WorkerDescriptor.of(status)));
        return new WorkersDescriptor(this.conductor.name(), workers);
    }

    /**
     * Describe one worker.
     * @param name the worker's name
     * @return the worker, or {@code null} if there is no worker by that name
     */
    @ReadOperation
    public @Nullable WorkerDescriptor worker(@Selector String name) {
        List<WorkerStatus> statuses = (this.conductor != null) ? this.conductor.status() : List.of();
        return statuses.stream()
            .filter((status) -> status.name().equals(name))
            .findFirst()
            .map(WorkerDescriptor::of)
            .orElse(null);
    }

    /**
     * The workers of a conductor.
     *
     * @param conductor the conductor's name, or {@code null} when there is no conductor
     * @param workers the workers by name, in registration order
     */
    public record WorkersDescriptor(@Nullable String conductor,
            Map<String, WorkerDescriptor> workers) implements OperationResponseBody {

    }

    /**
     * One worker.
     *
     * @param name the worker's name
     * @param state the worker's state
     * @param restarts how many times the worker was restarted in the current run
     * @param lastError the last failure of the worker in the current run, as its type and
     * message, or {@code null} if it has not failed
     * @param since when the worker entered {@code state}
     */
    public record WorkerDescriptor(String name, WorkerState state, int restarts, @Nullable String lastError,
            Instant since) implements OperationResponseBody {

        static WorkerDescriptor of(WorkerStatus status) {
            Throwable error = status.lastError();
            return new WorkerDescriptor(status.name(), status.state(), status.restarts(),
                    (error != null) ? error.toString() : null, status.since());
        }

    }

}
