package io.poolworks.conductor;

import java.time.Duration;

/**
 * What a {@link Worker} sees of its conductor during one run: its name and the stop
 * signal.
 * <p>
 * A fresh context is handed to each run of a worker (a restart gets a new one). Once
 * {@link #isStopping()} is {@code true} it stays {@code true}. Implementations are
 * provided by the conductor; they are thread-safe, so another thread owned by the worker
 * may poll or wait on the same context.
 */
public interface WorkerContext {

    /**
     * Returns the worker's name as registered with the conductor.
     * @return the name, never {@code null} or blank
     */
    String name();

    /**
     * Returns whether the worker has been asked to stop. A worker's loop should check
     * this (or use {@link #sleep(Duration)}) and return when it is {@code true}.
     * @return {@code true} once the conductor is stopping this worker; never goes back to
     * {@code false}
     */
    boolean isStopping();

    /**
     * Sleeps for the given duration, waking early when the worker is asked to stop.
     * <p>
     * Typical use: {@code while (ctx.sleep(interval)) { doWork(); }}.
     * @param duration how long to sleep; zero or negative does not sleep and only reports
     * whether the worker may go on
     * @return {@code true} when the whole duration elapsed and the worker is not
     * stopping; {@code false} when it is stopping or the thread was interrupted (the
     * interrupt status is then kept set)
     * @throws NullPointerException if {@code duration} is {@code null}
     */
    boolean sleep(Duration duration);

    /**
     * Blocks until the worker is asked to stop; returns at once if it already is.
     * <p>
     * An interrupt that is not a stop does not end the wait; the interrupt status is
     * restored before this method returns.
     */
    void awaitStop();

    /**
     * Registers an action to run once when the worker is asked to stop, for workers whose
     * thread is blocked in a call that only another thread can end (a server's blocking
     * {@code start}, a socket read).
     * <p>
     * The actions of one context run in registration order on a separate short-lived
     * thread named {@code <conductor>/<worker>/stop}, so a slow action does not delay
     * stopping the other workers. An action that throws is logged and the next one runs.
     * An action registered after the stop was requested runs at once on that thread.
     * Actions registered in a run that has already ended never run.
     * @param action what to do on stop
     * @throws NullPointerException if {@code action} is {@code null}
     */
    void onStop(Runnable action);

}
