package io.poolworks;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

import org.jspecify.annotations.Nullable;

/**
 * The future of a submitted task; remembers whether the task failed so that the pool can
 * count it, serves as the {@link TaskContext} of a {@link Task}, and leaves the queue at
 * once when it is cancelled there, also when another executor wrapper (such as
 * {@code ExecutorCompletionService}'s) was queued in its place.
 *
 * @param <T> the type of the result
 */
final class PoolFuture<T> extends FutureTask<T> implements TaskContext, Prioritized {

    private final String poolName;

    private final Object task;

    private volatile @Nullable Throwable failure;

    /** The pool the future was queued in, told when it is cancelled while queued. */
    volatile @Nullable PoolEngine owner;

    /** What was queued for this future: itself, or a wrapper around it. */
    volatile @Nullable Runnable queuedAs;

    /** The pool whose {@code newTaskFor} made this future, for {@code invokeAll}. */
    volatile @Nullable PoolEngine madeBy;

    PoolFuture(String poolName, Callable<T> callable) {
        super(callable);
        this.poolName = poolName;
        this.task = callable;
    }

    PoolFuture(String poolName, Runnable runnable, @Nullable T result) {
        super(runnable, result);
        this.poolName = poolName;
        this.task = runnable;
    }

    static <T> PoolFuture<T> of(String poolName, Task<T> task) {
        ContextHolder<T> holder = new ContextHolder<>(task);
        PoolFuture<T> future = new PoolFuture<>(poolName, holder);
        holder.future = future;
        return future;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        PoolEngine owner = this.owner;
        Runnable queuedAs = this.queuedAs;
        if (cancelled && owner != null && queuedAs != null) {
            owner.removeCancelled(queuedAs);
        }
        return cancelled;
    }

    /** Cancel the running task for the pool (shutdown or timeout), interrupting it. */
    boolean cancelRun() {
        return super.cancel(true);
    }

    /** Cancel a task the pool will never run (expired or abandoned). */
    void cancelUnrun() {
        super.cancel(false);
    }

    /** Fail a task whose run never reached it (a decorator threw or skipped it). */
    void failUnrun(Throwable failure) {
        setException(failure);
    }

    @Override
    protected void setException(Throwable failure) {
        this.failure = failure;
        super.setException(failure);
    }

    @Nullable Throwable failure() {
        return this.failure;
    }

    /**
     * Return the priority of the callable or runnable behind this future, if it has one.
     */
    @Override
    public int priority() {
        Object task = (this.task instanceof ContextHolder<?> holder) ? holder.task : this.task;
        return (task instanceof Prioritized prioritized) ? prioritized.priority() : 0;
    }

    @Override
    public String poolName() {
        return this.poolName;
    }

    @Override
    public String toString() {
        return "PoolFuture[" + this.task + "]";
    }

    /**
     * Calls a {@link Task} with the future that runs it as its context.
     */
    private static final class ContextHolder<T> implements Callable<T> {

        private final Task<T> task;

        @Nullable PoolFuture<T> future;

        ContextHolder(Task<T> task) {
            this.task = task;
        }

        @Override
        public T call() throws Exception {
            return this.task.run(this.future);
        }

        @Override
        public String toString() {
            return this.task.toString();
        }

    }

}
