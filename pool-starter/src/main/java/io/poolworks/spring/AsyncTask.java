package io.poolworks.spring;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A task submitted through {@link SpringWorkerPool}'s {@code AsyncTaskExecutor} side: a
 * {@link CompletableFuture} that runs on the pool, named by its {@code @Async} method.
 * Because it is a future, the pool counts it by its outcome: failed when the method threw
 * (also a {@code void} method, whose exception Spring hands to the
 * {@code AsyncUncaughtExceptionHandler}), cancelled when cancelled; and a shutdown that
 * never started it can cancel it, so that its caller wakes up.
 *
 * @param <T> the type of the result
 */
final class AsyncTask<T> extends CompletableFuture<T> implements Runnable {

    private final String name;

    private final Callable<T> callable;

    private final @Nullable AsyncInvocation invocation;

    private volatile @Nullable Thread runner;

    AsyncTask(String name, Callable<T> callable, @Nullable AsyncInvocation invocation) {
        this.name = name;
        this.callable = callable;
        this.invocation = invocation;
    }

    @Override
    public void run() {
        if (isDone()) {
            return;
        }
        this.runner = Thread.currentThread();
        try {
            T result = this.callable.call();
            Throwable failure = (this.invocation != null) ? this.invocation.failure() : null;
            if (failure != null) {
                completeExceptionally(failure);
            }
            else {
                complete(result);
            }
        }
        catch (Throwable ex) {
            completeExceptionally(ex);
        }
        finally {
            this.runner = null;
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Thread thread = this.runner;
        if (cancelled && mayInterruptIfRunning && thread != null) {
            thread.interrupt();
        }
        return cancelled;
    }

    @Override
    public String toString() {
        return this.name;
    }

}
