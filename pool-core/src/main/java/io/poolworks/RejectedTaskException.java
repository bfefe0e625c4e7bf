package io.poolworks;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown when a {@link WorkerPool} refuses a task; the task was not accepted, did not run
 * and is not counted as submitted.
 * <p>
 * Instances are immutable and thread-safe.
 */
public class RejectedTaskException extends RejectedExecutionException {

    private static final long serialVersionUID = 1L;

    private final String poolName;

    private final RejectionReason reason;

    /**
     * Create a new exception.
     * @param poolName the name of the pool that refused the task
     * @param reason why the task was refused
     * @param message the detail message, saying what to do about it
     * @param cause the underlying cause, or {@code null}
     */
    public RejectedTaskException(String poolName, RejectionReason reason, String message,
            @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.poolName = Objects.requireNonNull(poolName, "poolName must not be null");
        this.reason = Objects.requireNonNull(reason, "reason must not be null");
    }

    /**
     * Return the name of the pool that refused the task.
     * @return the pool name
     */
    public String poolName() {
        return this.poolName;
    }

    /**
     * Return why the task was refused.
     * @return the reason
     */
    public RejectionReason reason() {
        return this.reason;
    }

}
