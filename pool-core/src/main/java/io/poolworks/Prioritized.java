package io.poolworks;

/**
 * A task that carries its own priority, used by pools with {@link QueueOrder#PRIORITY}
 * when the task is submitted without an explicit one. A decorated task is asked too:
 * first the task as submitted, then what the {@link TaskDecorator} made of it.
 * <pre>{@code
 * record Report(String id, int priority) implements Runnable, Prioritized {
 *     public void run() { render(id); }
 * }
 * pool.execute(new Report("q3", 10));
 * }</pre>
 */
@FunctionalInterface
public interface Prioritized {

    /**
     * Return the task's priority; higher runs first, plain tasks have 0. Any int is
     * allowed.
     * @return the priority
     */
    int priority();

}
