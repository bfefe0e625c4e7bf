package io.poolworks;

/**
 * A task that is told when it should stop: the pool hands it a {@link TaskContext} that
 * reports cancellation when its future is cancelled or a shutdown reaches its cancel
 * phase. <pre>{@code
 * Future<Integer> rows = pool.submit(ctx -> {
 *     int n = 0;
 *     while (!ctx.isCancelled() && reader.hasNext()) {
 *         n += write(reader.next());
 *     }
 *     return n;
 * });
 * }</pre>
 *
 * @param <T> the type of the result
 * @see WorkerPool#submit(Task)
 */
@FunctionalInterface
public interface Task<T> {

    /**
     * Run the task.
     * @param context the task's context; check {@link TaskContext#isCancelled()} in long
     * loops (the thread is interrupted as well on cancellation)
     * @return the result
     * @throws Exception on failure; the exception completes the future exceptionally
     */
    T run(TaskContext context) throws Exception;

}
