package io.poolworks.conductor;

/**
 * Observes the workers of a {@link Conductor}, for metrics, health and audit logs.
 * <p>
 * Every method has a no-op default, so an implementation overrides only what it needs.
 * Callbacks run synchronously on the thread where the event happened (usually the
 * worker's own thread), so they should be quick. They run guarded: an exception thrown by
 * a listener is logged and swallowed and never fails a worker or the conductor.
 * Implementations must be thread-safe, since the workers of a conductor call them
 * concurrently.
 *
 * <pre>{@code
 * Conductor conductor = Conductor.builder("app")
 *         .worker("poller", poller)
 *         .listener(new ConductorListener() {
 *             public void workerRestarting(ConductorEvent.WorkerRestarting event) {
 *                 restarts.increment();
 *             }
 *         })
 *         .build();
 * }</pre>
 */
public interface ConductorListener {

    /**
     * Called when a worker enters {@link Worker#run(WorkerContext)}, including after a
     * restart.
     * @param event the event; never {@code null}
     */
    default void workerStarted(ConductorEvent.WorkerStarted event) {
    }

    /**
     * Called when a worker completes by itself or is stopped.
     * @param event the event; never {@code null}
     */
    default void workerStopped(ConductorEvent.WorkerStopped event) {
    }

    /**
     * Called when a worker fails while the conductor runs, before its policy acts.
     * @param event the event; never {@code null}
     */
    default void workerFailed(ConductorEvent.WorkerFailed event) {
    }

    /**
     * Called when a failed worker is about to wait for its backoff delay and restart.
     * @param event the event; never {@code null}
     */
    default void workerRestarting(ConductorEvent.WorkerRestarting event) {
    }

    /**
     * Called once per run of the conductor, after it stopped and waited for its workers.
     * @param report the report, as also returned by {@link Conductor#stop()}; never
     * {@code null}
     */
    default void conductorStopped(ConductorReport report) {
    }

}
