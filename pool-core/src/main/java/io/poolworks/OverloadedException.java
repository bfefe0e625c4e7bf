package io.poolworks;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a task to say that its downstream is overloaded (it answered "too many
 * requests", "unavailable", or shed the call): a pool with an {@link AdaptiveLimit}
 * counts the task as a <em>drop</em> and lowers its limit, whether the task threw this
 * exception itself or one whose cause chain holds it. Any other failure says nothing
 * about load and is ignored by the limit. For the pool the task failed like any other: it
 * is counted as failed and its future completes with this exception. <pre>{@code
 * pool.submit(() -> {
 *     Response response = client.call(request);
 *     if (response.status() == 429 || response.status() == 503) {
 *         throw new OverloadedException("inventory answered " + response.status());
 *     }
 *     return response.body();
 * });
 * }</pre>
 * <p>
 * Without an adaptive limit the exception has no special meaning.
 */
public class OverloadedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The deepest cause looked at, so that a cycle of causes cannot loop. */
    private static final int MAX_CAUSE_DEPTH = 16;

    /**
     * Create an exception.
     * @param message what was overloaded, or {@code null}
     */
    public OverloadedException(@Nullable String message) {
        super(message);
    }

    /**
     * Create an exception.
     * @param message what was overloaded, or {@code null}
     * @param cause the failure that said so, or {@code null}
     */
    public OverloadedException(@Nullable String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Return whether the failure is, or was caused by, an {@code OverloadedException}.
     * @param failure the failure, or {@code null}
     * @return whether it marks an overload
     */
    static boolean marks(@Nullable Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (current instanceof OverloadedException) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

}
