package io.poolworks.conductor;

/**
 * A long-running unit of work supervised by a {@link Conductor}.
 * <p>
 * {@link #run(WorkerContext)} is called on a thread named {@code <conductor>/<worker>}
 * and is expected to keep running until {@link WorkerContext#isStopping()} becomes
 * {@code true}; when the conductor stops, the context flips to stopping and the worker's
 * thread is also interrupted, so blocking calls that honour interruption end promptly.
 * Returning normally while the conductor is still running marks the worker
 * {@link WorkerState#COMPLETED completed}; throwing applies the worker's
 * {@link FailurePolicy}.
 * <p>
 * A worker that is restarted by {@link FailurePolicy#restart(Backoff)} has {@code run}
 * called again, with a fresh context, so implementations should not keep state that a
 * failed run leaves inconsistent. Implementations need to be thread-safe only if they are
 * registered more than once or shared between conductors.
 *
 * <pre>{@code
 * Worker poller = ctx -> {
 *     while (ctx.sleep(Duration.ofSeconds(5))) {
 *         inbox.poll();
 *     }
 * };
 * }</pre>
 *
 * @see Workers
 * @see Conductor
 */
@FunctionalInterface
public interface Worker {

    /**
     * Runs this worker until its context is stopping.
     * @param ctx the context of this run: the worker's name, the stop signal and a
     * stop-aware sleep; never {@code null}
     * @throws Exception any failure; the worker's {@link FailurePolicy} decides what
     * follows. An exception thrown because of the stop (such as
     * {@link InterruptedException} after the context is stopping) is not treated as a
     * failure
     */
    void run(WorkerContext ctx) throws Exception;

}
