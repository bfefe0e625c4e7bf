package io.poolworks.spring;

import org.jspecify.annotations.Nullable;

/**
 * One call of an {@code @Async} method: its name ({@code bean#method}), handed from the
 * interceptor to the pool on the calling thread, and what the method threw, recorded on
 * the worker thread, where Spring's interceptor hides it from the pool for a {@code void}
 * method.
 */
final class AsyncInvocation {

    private static final ThreadLocal<AsyncInvocation> current = new ThreadLocal<>();

    private final String name;

    private volatile @Nullable Throwable failure;

    AsyncInvocation(String name) {
        this.name = name;
    }

    /**
     * Return the invocation being submitted by this thread.
     * @return the invocation, or {@code null} outside an {@code @Async} call
     */
    static @Nullable AsyncInvocation current() {
        return current.get();
    }

    /**
     * Make this the invocation of the calling thread.
     * @return the previous one, to {@link #restore(AsyncInvocation)}
     */
    @Nullable AsyncInvocation enter() {
        AsyncInvocation previous = current.get();
        current.set(this);
        return previous;
    }

    static void restore(@Nullable AsyncInvocation previous) {
        if (previous != null) {
            current.set(previous);
        }
        else {
            current.remove();
        }
    }

    String name() {
        return this.name;
    }

    void failed(Throwable failure) {
        this.failure = failure;
    }

    @Nullable Throwable failure() {
        return this.failure;
    }

}
