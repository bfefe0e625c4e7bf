package io.poolworks.conductor;

import io.poolworks.spi.GuardedCalls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what happens in a conductor's runs and publishes it as events, building events
 * only when a listener exists; immutable, so thread-safe.
 */
final class RunJournal {

    private static final Logger logger = LoggerFactory.getLogger(Conductor.class);

    private final String conductor;

    private final GuardedCalls<ConductorListener> listener;

    private final Clock clock;

    RunJournal(String conductor, GuardedCalls<ConductorListener> listener, Clock clock) {
        this.conductor = conductor;
        this.listener = listener;
        this.clock = clock;
    }

    void starting(List<String> workers) {
        logger.info("Conductor '{}' starting {} worker(s): {}", this.conductor, workers.size(), workers);
    }

    void running(String worker, int restarts) {
        logger.info("Worker '{}' running{}", qualified(worker), (restarts > 0) ? " (restart " + restarts + ")" : "");
        if (!this.listener.isEmpty()) {
            this.listener.call(ConductorListener::workerStarted,
                    new ConductorEvent.WorkerStarted(this.conductor, worker, restarts, this.clock.instant()));
        }
    }

    void stoppedBeforeRestart(String worker) {
        logger.info("Worker '{}' stopped before its restart", qualified(worker));
        stopped(worker, WorkerState.STOPPED);
    }

    /** A run ended without a failure its policy handles: completed, or stopped. */
    void ended(String worker, WorkerState state, @Nullable Throwable thrown) {
        if (thrown != null && !ConductorRun.isInterruption(thrown)) {
            logger.warn("Worker '{}' failed while stopping", qualified(worker), thrown);
        }
        else {
            logger.info("Worker '{}' {}", qualified(worker),
                    (state == WorkerState.COMPLETED) ? "completed" : "stopped");
        }
        stopped(worker, state);
    }

    /**
     * Logs that a run failed while the conductor was running; {@code delay} is set when
     * it will be restarted.
     */
    void logFailure(String worker, Throwable thrown, boolean escalated, @Nullable Duration delay) {
        if (escalated) {
            logger.error("Worker '{}' failed; stopping all workers of conductor '{}'", qualified(worker),
                    this.conductor, thrown);
        }
        else if (delay != null) {
            logger.warn("Worker '{}' failed; restarting it in {} ms", qualified(worker), delay.toMillis(), thrown);
        }
        else {
            logger.warn("Worker '{}' failed; leaving it stopped as its policy is to ignore failures", qualified(worker),
                    thrown);
        }
    }

    /**
     * Publishes the events of a failed run; {@code delay} is set when it will be
     * restarted as the {@code restart}th restart.
     */
    void publishFailure(String worker, Throwable thrown, FailurePolicy policy, boolean escalated,
            @Nullable Duration delay, int restart) {
        if (!this.listener.isEmpty()) {
            Instant at = this.clock.instant();
            this.listener.call(ConductorListener::workerFailed,
                    new ConductorEvent.WorkerFailed(this.conductor, worker, thrown, policy, escalated, at));
            if (delay != null) {
                this.listener.call(ConductorListener::workerRestarting,
                        new ConductorEvent.WorkerRestarting(this.conductor, worker, restart, delay, thrown, at));
            }
        }
    }

    void stopping(int active, Duration timeout, String reason) {
        logger.info("Conductor '{}' stopping {} worker(s) within {} because {}", this.conductor, active, timeout,
                reason);
    }

    void stopped(ConductorReport report, Duration timeout) {
        long millis = report.elapsed().toMillis();
        ConductorException failure = report.failure();
        if (failure != null) {
            logger.error("Conductor '{}' stopped in {} ms after a failure: {}; stragglers: {}", this.conductor, millis,
                    failure.getMessage(), report.stragglers());
        }
        else if (!report.stragglers().isEmpty()) {
            logger.warn("Conductor '{}' stopped in {} ms; worker(s) {} did not stop within {} and are left running",
                    this.conductor, millis, report.stragglers(), timeout);
        }
        else if (!report.failures().isEmpty()) {
            logger.warn("Conductor '{}' stopped in {} ms; all workers stopped; worker(s) {} failed", this.conductor,
                    millis, report.failures().keySet());
        }
        else {
            logger.info("Conductor '{}' stopped in {} ms; all workers stopped cleanly", this.conductor, millis);
        }
        if (!this.listener.isEmpty()) {
            this.listener.call(ConductorListener::conductorStopped, report);
        }
    }

    private void stopped(String worker, WorkerState state) {
        if (!this.listener.isEmpty()) {
            this.listener.call(ConductorListener::workerStopped,
                    new ConductorEvent.WorkerStopped(this.conductor, worker, state, this.clock.instant()));
        }
    }

    private String qualified(String worker) {
        return this.conductor + "/" + worker;
    }

}
