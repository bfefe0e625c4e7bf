package io.poolworks.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.WorkerState;
import io.poolworks.conductor.WorkerStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Health of the application's workers: {@code DOWN} when the conductor ended by itself
 * after a failure (every worker is in a final state and one of them failed) while the
 * application runs; {@code UP} otherwise, and also once the application context is
 * closing. Details: the state, restarts and last error of each worker.
 */
final class WorkersHealthIndicator implements HealthIndicator {

    private final Conductor conductor;

    private final ConfigurableApplicationContext context;

    WorkersHealthIndicator(Conductor conductor, ConfigurableApplicationContext context) {
        this.conductor = conductor;
        this.context = context;
    }

    @Override
    public Health health() {
        List<WorkerStatus> statuses = this.conductor.status();
        boolean ended = !statuses.isEmpty() && statuses.stream().allMatch((status) -> status.state().isFinal());
        boolean failed = statuses.stream().anyMatch((status) -> status.state() == WorkerState.FAILED);
        Health.Builder health = (ended && failed && !this.context.isClosed()) ? Health.down() : Health.up();
        for (WorkerStatus status : statuses) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", status.state());
            details.put("restarts", status.restarts());
            if (status.lastError() != null) {
                details.put("lastError", status.lastError().toString());
            }
            health.withDetail(status.name(), details);
        }
        return health.build();
    }

}
