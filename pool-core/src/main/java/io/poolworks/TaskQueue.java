package io.poolworks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;

import org.jspecify.annotations.Nullable;

/**
 * The storage behind a pool's queue: an array deque for FIFO (no allocation per task), or
 * a binary heap ordered by the highest key, then the lowest sequence number the engine
 * assigns at admission (which makes the heap stable). Not thread-safe: the engine calls
 * it under its lock; capacity is the engine's business.
 */
final class TaskQueue {

    private static final Comparator<PoolTask> PRIORITY_ORDER = Comparator.comparingLong((PoolTask task) -> task.key)
        .reversed()
        .thenComparingLong((task) -> task.sequence);

    private final Queue<PoolTask> tasks;

    private TaskQueue(Queue<PoolTask> tasks) {
        this.tasks = tasks;
    }

    static TaskQueue of(QueueOrder order) {
        return new TaskQueue((order == QueueOrder.PRIORITY) ? new PriorityQueue<>(PRIORITY_ORDER) : new ArrayDeque<>());
    }

    void add(PoolTask task) {
        this.tasks.add(task);
    }

    @Nullable PoolTask peek() {
        return this.tasks.peek();
    }

    @Nullable PoolTask poll() {
        return this.tasks.poll();
    }

    boolean remove(PoolTask task) {
        return this.tasks.remove(task);
    }

    /**
     * Remove the task that was submitted as the given runnable, if it is queued.
     */
    @Nullable PoolTask removeSubmitted(Runnable submitted) {
        for (Iterator<PoolTask> iterator = this.tasks.iterator(); iterator.hasNext();) {
            PoolTask task = iterator.next();
            if (task.submitted == submitted) {
                iterator.remove();
                return task;
            }
        }
        return null;
    }

    int size() {
        return this.tasks.size();
    }

    boolean isEmpty() {
        return this.tasks.isEmpty();
    }

    /**
     * Remove every task, in the order they would have started.
     */
    List<PoolTask> drain() {
        List<PoolTask> drained = new ArrayList<>(this.tasks.size());
        PoolTask task;
        while ((task = this.tasks.poll()) != null) {
            drained.add(task);
        }
        return drained;
    }

}
