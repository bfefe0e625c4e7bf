package io.poolworks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

/**
 * The storage behind a pool's queue, in FIFO or priority order. Not thread-safe: the
 * engine calls it under its lock; capacity is the engine's business.
 */
interface TaskQueue {

    void add(PoolTask task);

    @Nullable PoolTask peek();

    @Nullable PoolTask poll();

    boolean remove(PoolTask task);

    /**
     * Remove the task that was submitted as the given runnable, if it is queued.
     */
    @Nullable PoolTask removeSubmitted(Runnable submitted);

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Remove every task, in the order they would have started.
     */
    List<PoolTask> drain();

    static TaskQueue of(QueueOrder order) {
        return (order == QueueOrder.PRIORITY) ? new Priority() : new Fifo();
    }

    /**
     * First in, first out, on an array deque: no allocation per task.
     */
    final class Fifo implements TaskQueue {

        private final ArrayDeque<PoolTask> tasks = new ArrayDeque<>();

        @Override
        public void add(PoolTask task) {
            this.tasks.addLast(task);
        }

        @Override
        public @Nullable PoolTask peek() {
            return this.tasks.peekFirst();
        }

        @Override
        public @Nullable PoolTask poll() {
            return this.tasks.pollFirst();
        }

        @Override
        public boolean remove(PoolTask task) {
            return this.tasks.removeLastOccurrence(task);
        }

        @Override
        public @Nullable PoolTask removeSubmitted(Runnable submitted) {
            for (PoolTask task : this.tasks) {
                if (task.submitted == submitted) {
                    this.tasks.remove(task);
                    return task;
                }
            }
            return null;
        }

        @Override
        public int size() {
            return this.tasks.size();
        }

        @Override
        public List<PoolTask> drain() {
            List<PoolTask> drained = new ArrayList<>(this.tasks);
            this.tasks.clear();
            return drained;
        }

    }

    /**
     * Highest key first, then lowest sequence: a binary heap made stable by the sequence
     * number the engine assigns at admission.
     */
    final class Priority implements TaskQueue {

        private static final Comparator<PoolTask> ORDER = Comparator.comparingLong((PoolTask task) -> task.key)
            .reversed()
            .thenComparingLong((task) -> task.sequence);

        private final PriorityQueue<PoolTask> tasks = new PriorityQueue<>(ORDER);

        @Override
        public void add(PoolTask task) {
            this.tasks.add(task);
        }

        @Override
        public @Nullable PoolTask peek() {
            return this.tasks.peek();
        }

        @Override
        public @Nullable PoolTask poll() {
            return this.tasks.poll();
        }

        @Override
        public boolean remove(PoolTask task) {
            return this.tasks.remove(task);
        }

        @Override
        public @Nullable PoolTask removeSubmitted(Runnable submitted) {
            for (PoolTask task : this.tasks) {
                if (task.submitted == submitted) {
                    this.tasks.remove(task);
                    return task;
                }
            }
            return null;
        }

        @Override
        public int size() {
            return this.tasks.size();
        }

        @Override
        public List<PoolTask> drain() {
            List<PoolTask> drained = new ArrayList<>(this.tasks.size());
            PoolTask task;
            while ((task = this.tasks.poll()) != null) {
                drained.add(task);
            }
            return drained;
        }

    }

}
