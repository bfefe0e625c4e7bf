package io.poolworks.conductor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapters that turn plain code into {@link Worker workers}.
 * <ul>
 * <li>{@link #of(Action)}: a blocking action that knows nothing of the context and is
 * stopped by interruption;</li>
 * <li>{@link #repeating(Duration, Action)}: an action run again and again with a
 * stop-aware pause in between;</li>
 * <li>{@link #fromService(Action, Action)}: a service with a blocking {@code start} and a
 * {@code stop} that another thread calls, such as an HTTP server.</li>
 * </ul>
 * The returned workers hold no state between runs, so they can be restarted; they are as
 * thread-safe as the actions they wrap.
 *
 * <pre>{@code
 * Conductor conductor = Conductor.builder("app")
 *         .worker("http", Workers.fromService(server::serve, server::shutdown))
 *         .worker("cleanup", Workers.repeating(Duration.ofMinutes(1), store::purgeExpired))
 *         .worker("consumer", Workers.of(queue::consumeForever))
 *         .build();
 * }</pre>
 */
public final class Workers {

    private static final Logger logger = LoggerFactory.getLogger(Workers.class);

    private Workers() {
    }

    /**
     * A piece of code that may throw, for the adapters.
     */
    @FunctionalInterface
    public interface Action {

        /**
         * Runs the action.
         * @throws Exception any failure
         */
        void run() throws Exception;

    }

    /**
     * Returns a worker that runs the given action once. The action is stopped only
     * through the interruption of its thread, so it should block in interruptible calls;
     * when it returns by itself the worker is {@link WorkerState#COMPLETED}.
     * @param action the blocking action
     * @return the worker
     * @throws NullPointerException if {@code action} is {@code null}
     */
    public static Worker of(Action action) {
        Objects.requireNonNull(action, "action must not be null");
        return (ctx) -> {
            if (!ctx.isStopping()) {
                action.run();
            }
        };
    }

    /**
     * Returns a worker that runs the action, pauses for {@code interval} (waking early on
     * stop) and repeats until stopped. A failure of the action ends the run and goes to
     * the worker's {@link FailurePolicy}.
     * @param interval the pause between two runs of the action; must be positive
     * @param action the action
     * @return the worker
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public static Worker repeating(Duration interval, Action action) {
        Objects.requireNonNull(interval, "interval must not be null");
        Objects.requireNonNull(action, "action must not be null");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be > 0 but was " + interval);
        }
        return (ctx) -> {
            while (!ctx.isStopping()) {
                action.run();
                if (!ctx.sleep(interval)) {
                    return;
                }
            }
        };
    }

    /**
     * Returns a worker for a start/stop style service: {@code start} blocks on the
     * worker's thread while the service runs; when the worker is asked to stop,
     * {@code stop} is called on another thread and should make {@code start} return.
     * <p>
     * The worker ends when {@code start} has returned and, if a stop was requested,
     * {@code stop} has finished, so a graceful stop counts towards the conductor's
     * shutdown timeout. An exception thrown by {@code start} after the stop was requested
     * is expected (servers often throw "closed") and only logged at debug level; one
     * thrown by {@code stop} is thrown by the worker. If {@code start} returns or throws
     * by itself, the worker has completed or failed and {@code stop} is not called.
     * {@code stop} must cope with being called while {@code start} is still starting the
     * service.
     * @param start the blocking start
     * @param stop the stop, called at most once per run
     * @return the worker
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Worker fromService(Action start, Action stop) {
        Objects.requireNonNull(start, "start must not be null");
        Objects.requireNonNull(stop, "stop must not be null");
        return (ctx) -> {
            if (ctx.isStopping()) {
                return;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicReference<@Nullable Exception> stopFailure = new AtomicReference<>();
            ctx.onStop(() -> {
                try {
                    stop.run();
                }
                catch (Exception ex) {
                    stopFailure.set(ex);
                }
                finally {
                    stopped.countDown();
                }
            });
            try {
                start.run();
            }
            catch (Exception ex) {
                if (!ctx.isStopping()) {
                    throw ex;
                }
                logger.debug("Service worker '{}' ended its start with an exception after the stop", ctx.name(), ex);
            }
            if (ctx.isStopping()) {
                awaitUninterruptibly(stopped);
                Exception failure = stopFailure.get();
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

}
