package io.poolworks.spring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.ConductorEvent.WorkerFailed;
import io.poolworks.conductor.ConductorEvent.WorkerStarted;
import io.poolworks.conductor.ConductorListener;
import io.poolworks.conductor.WorkerState;
import io.poolworks.conductor.WorkerStatus;

/**
 * The meters of the application's workers: restarts and failures counted from the
 * conductor's events, which never go back when the conductor starts a new run, and one
 * state gauge per worker and state read from {@link Conductor#status()}.
 */
final class WorkerMeters implements ConductorListener {

    static final String WORKER_TAG = "worker";

    static final String STATE_TAG = "state";

    private final MeterRegistry registry;

    WorkerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Register every worker's meters, the counters at zero.
     */
    void bind(Conductor conductor) {
        for (WorkerStatus status : conductor.status()) {
            String worker = status.name();
            restarts(worker);
            failures(worker);
            for (WorkerState state : WorkerState.values()) {
                // Weakly held, and the function captures names only.
                Gauge.builder("poolworks.worker.state", conductor, (measured) -> isIn(measured, worker, state))
                    .tag(WORKER_TAG, worker)
                    .tag(STATE_TAG, PoolMeters.tagValue(state))
                    .description("Whether the worker is in this state (1) or not (0)")
                    .register(this.registry);
            }
        }
    }

    @Override
    public void workerStarted(WorkerStarted event) {
        if (event.restarts() > 0) {
            restarts(event.worker()).increment();
        }
    }

    @Override
    public void workerFailed(WorkerFailed event) {
        failures(event.worker()).increment();
    }

    private Counter restarts(String worker) {
        return Counter.builder("poolworks.worker.restarts")
            .tag(WORKER_TAG, worker)
            .description("The number of times the worker was started again after a failure")
            .register(this.registry);
    }

    private Counter failures(String worker) {
        return Counter.builder("poolworks.worker.failures")
            .tag(WORKER_TAG, worker)
            .description("The number of times the worker threw while the application was running")
            .register(this.registry);
    }

    private static double isIn(Conductor conductor, String worker, WorkerState state) {
        for (WorkerStatus status : conductor.status()) {
            if (status.name().equals(worker)) {
                return (status.state() == state) ? 1 : 0;
            }
        }
        return 0;
    }

}
