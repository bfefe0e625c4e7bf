package io.poolworks;

/**
 * Wraps each task when it is submitted, in the submitting thread, so that context such as
 * the MDC or a tracing span can be captured there and restored around the run.
 * <p>
 * The same contract as Spring's {@code TaskDecorator}. A decorator that throws is logged
 * and the undecorated task is used instead; it never loses the task.
 *
 * @see WorkerPool.Builder#taskDecorator(TaskDecorator)
 */
@FunctionalInterface
public interface TaskDecorator {

    /**
     * Decorate the given task.
     * @param task the task as submitted (for {@code submit}, the future that runs it)
     * @return the task to run in its place, usually one that calls {@code task.run()}
     */
    Runnable decorate(Runnable task);

}
