package io.poolworks.conductor;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What happened when a {@link Conductor} stopped: one {@link WorkerOutcome} per worker,
 * in registration order, the time the stop took and the failure that ended the conductor,
 * if any.
 * <p>
 * Returned by {@link Conductor#stop()} and {@link Conductor#runUntilShutdown()} and
 * passed to {@link ConductorListener#conductorStopped(ConductorReport)}. Instances are
 * immutable and thread-safe.
 *
 * @param conductor the conductor's name
 * @param workers the outcome of every worker, in registration order; copied
 * @param elapsed the time from the start of the stop to the end of the wait for the
 * workers; never negative
 * @param failure the stop-all failure that ended the conductor, or {@code null} if it was
 * stopped or all of its workers ended by themselves
 */
public record ConductorReport(String conductor, List<WorkerOutcome> workers, Duration elapsed,
        @Nullable ConductorException failure) {

    /**
     * Validates the components and copies the list.
     * @param conductor the conductor's name
     * @param workers the outcome of every worker, in registration order; copied
     * @param elapsed the time from the start of the stop to the end of the wait for the
     * workers; never negative
     * @param failure the stop-all failure that ended the conductor, or {@code null} if it
     * was stopped or all of its workers ended by themselves
     * @throws NullPointerException if {@code conductor}, {@code workers}, an element of
     * it or {@code elapsed} is {@code null}
     * @throws IllegalArgumentException if {@code elapsed} is negative
     */
    public ConductorReport {
        Objects.requireNonNull(conductor, "conductor must not be null");
        workers = List.copyOf(workers);
        Objects.requireNonNull(elapsed, "elapsed must not be null");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException(
                    "elapsed must be >= 0 but was " + elapsed + " for conductor '" + conductor + "'");
        }
    }

    /**
     * Returns the names of the workers that had not ended when the shutdown timeout ran
     * out.
     * @return the stragglers in registration order; empty when all stopped in time
     */
    public List<String> stragglers() {
        return this.workers.stream().filter((outcome) -> !outcome.stoppedInTime()).map(WorkerOutcome::name).toList();
    }

    /**
     * Returns the last failure of every worker that failed at least once.
     * @return worker name to last failure, in registration order; empty when no worker
     * failed
     */
    public Map<String, Throwable> failures() {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        for (WorkerOutcome outcome : this.workers) {
            if (outcome.lastError() != null) {
                failures.put(outcome.name(), outcome.lastError());
            }
        }
        return Collections.unmodifiableMap(failures);
    }

    /**
     * Returns the outcome of the named worker.
     * @param name the worker's name
     * @return the outcome
     * @throws IllegalArgumentException if the conductor has no worker of that name
     */
    public WorkerOutcome worker(String name) {
        return this.workers.stream()
            .filter((outcome) -> outcome.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                    "worker '" + name + "' is not part of conductor '" + this.conductor + "'"));
    }

    /**
     * Returns whether the stop was clean: every worker stopped in time, none ever failed
     * and no failure ended the conductor.
     * @return {@code true} when clean
     */
    public boolean clean() {
        return this.failure == null && stragglers().isEmpty() && failures().isEmpty();
    }

}
