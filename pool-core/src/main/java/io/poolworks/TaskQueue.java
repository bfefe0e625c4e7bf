package io.poolworks;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The storage behind a pool's queue, in parallel arrays so that queueing a task allocates
 * nothing: what was submitted, what runs (the decorated form), the pool's future for it
 * (or {@code null} for a plain task) and when it was queued. {@link #of} gives a ring
 * buffer for FIFO or a binary heap for PRIORITY (highest key first, then admission order,
 * which makes the heap stable). Not thread-safe: the engine calls it under its lock;
 * capacity is the engine's business, the arrays grow as needed.
 * <p>
 * A lane that a pool does not use is never touched, so that a plain task costs what it
 * costs in a JDK queue: the decorated form is stored only when it differs from what was
 * submitted, futures only once one came, times only when the pool stamps tasks.
 */
abstract class TaskQueue {

    private static final int INITIAL = 16;

    Runnable[] submitted = new Runnable[INITIAL];

    Runnable[] run = new Runnable[INITIAL];

    @Nullable PoolFuture<?>[] future = new PoolFuture<?>[INITIAL];

    long[] queuedAt;

    int size;

    /** Whether tasks carry the time they were queued. */
    final boolean stamped;

    /** Whether any task ran decorated, or came with a future: then the lane is kept. */
    private boolean runsUsed;

    private boolean futuresUsed;

    TaskQueue(boolean stamped) {
        this.stamped = stamped;
        this.queuedAt = new long[stamped ? INITIAL : 0];
    }

    static TaskQueue of(QueueOrder order, boolean stamped) {
        return (order == QueueOrder.PRIORITY) ? new PriorityTaskQueue(stamped) : new FifoTaskQueue(stamped);
    }

    /**
     * Add a task.
     * @param key the priority key (ignored by FIFO)
     */
    abstract void add(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key);

    /** The array index of the head; the queue is not empty. */
    abstract int head();

    /** Remove the element at the given array index. */
    abstract void removeAt(int index);

    /** The array index of the task submitted as {@code task}, or -1. */
    abstract int indexOf(Runnable task);

    final int size() {
        return this.size;
    }

    final boolean isEmpty() {
        return this.size == 0;
    }

    final long headQueuedAt() {
        return this.stamped ? this.queuedAt[head()] : 0L;
    }

    final @Nullable PoolFuture<?> headFuture() {
        return this.futuresUsed ? this.future[head()] : null;
    }

    /** Move the head into the slot; the queue is not empty. */
    final void pollInto(RunSlot slot) {
        int head = head();
        copyInto(head, slot);
        removeAt(head);
    }

    /**
     * Move the task submitted as {@code task} into the slot, if it is queued.
     * @return whether it was queued
     */
    final boolean removeInto(Runnable task, RunSlot slot) {
        int index = indexOf(task);
        if (index < 0) {
            return false;
        }
        copyInto(index, slot);
        removeAt(index);
        return true;
    }

    private void copyInto(int index, RunSlot slot) {
        Runnable submitted = this.submitted[index];
        Runnable run = this.runsUsed ? this.run[index] : null;
        slot.submitted = submitted;
        slot.run = (run != null) ? run : submitted;
        slot.future = this.futuresUsed ? this.future[index] : null;
        slot.queuedAt = this.stamped ? this.queuedAt[index] : 0L;
        slot.expired = false;
    }

    final void set(int index, Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt) {
        this.submitted[index] = submitted;
        // An unused lane stays untouched; once used, every slot of it is written.
        if (this.runsUsed || run != submitted) {
            this.runsUsed = true;
            this.run[index] = (run != submitted) ? run : null;
        }
        if (this.futuresUsed || future != null) {
            this.futuresUsed = true;
            this.future[index] = future;
        }
        if (this.stamped) {
            this.queuedAt[index] = queuedAt;
        }
    }

    final void move(int from, int to) {
        this.submitted[to] = this.submitted[from];
        if (this.runsUsed) {
            this.run[to] = this.run[from];
        }
        if (this.futuresUsed) {
            this.future[to] = this.future[from];
        }
        if (this.stamped) {
            this.queuedAt[to] = this.queuedAt[from];
        }
    }

    final void clear(int index) {
        this.submitted[index] = null;
        if (this.runsUsed) {
            this.run[index] = null;
        }
        if (this.futuresUsed) {
            this.future[index] = null;
        }
    }

    /** Grow the arrays to twice their length. */
    void grow() {
        int length = this.submitted.length * 2;
        this.submitted = Arrays.copyOf(this.submitted, length);
        this.run = Arrays.copyOf(this.run, length);
        this.future = Arrays.copyOf(this.future, length);
        if (this.stamped) {
            this.queuedAt = Arrays.copyOf(this.queuedAt, length);
        }
    }

    /** First in, first out: a ring buffer. */
    static final class FifoTaskQueue extends TaskQueue {

        private int first;

        FifoTaskQueue(boolean stamped) {
            super(stamped);
        }

        @Override
        void add(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key) {
            if (this.size == this.submitted.length) {
                unwrapAndGrow();
            }
            int index = this.first + this.size;
            if (index >= this.submitted.length) {
                index -= this.submitted.length;
            }
            set(index, submitted, run, future, queuedAt);
            this.size++;
        }

        private void unwrapAndGrow() {
            if (this.first != 0) {
                rotate(this.submitted);
                rotate(this.run);
                rotate(this.future);
                if (this.stamped) {
                    long[] times = new long[this.queuedAt.length];
                    int tail = this.queuedAt.length - this.first;
                    System.arraycopy(this.queuedAt, this.first, times, 0, tail);
                    System.arraycopy(this.queuedAt, 0, times, tail, this.first);
                    this.queuedAt = times;
                }
                this.first = 0;
            }
            grow();
        }

        private <T> void rotate(T[] array) {
            T[] copy = Arrays.copyOf(array, array.length);
            int tail = array.length - this.first;
            System.arraycopy(copy, this.first, array, 0, tail);
            System.arraycopy(copy, 0, array, tail, this.first);
        }

        @Override
        int head() {
            return this.first;
        }

        @Override
        void removeAt(int index) {
            int length = this.submitted.length;
            if (index == this.first) {
                clear(index);
                this.first = (index + 1 == length) ? 0 : index + 1;
            }
            else {
                // Close the gap by moving the later elements one place forward.
                int last = this.first + this.size - 1;
                if (last >= length) {
                    last -= length;
                }
                int at = index;
                while (at != last) {
                    int next = (at + 1 == length) ? 0 : at + 1;
                    move(next, at);
                    at = next;
                }
                clear(last);
            }
            this.size--;
        }

        @Override
        int indexOf(Runnable task) {
            int length = this.submitted.length;
            for (int i = 0, index = this.first; i < this.size; i++) {
                if (this.submitted[index] == task) {
                    return index;
                }
                index = (index + 1 == length) ? 0 : index + 1;
            }
            return -1;
        }

    }

    /** Highest key first, then lowest admission number: a binary heap. */
    static final class PriorityTaskQueue extends TaskQueue {

        private long[] key = new long[this.submitted.length];

        private long[] sequence = new long[this.submitted.length];

        private long nextSequence;

        PriorityTaskQueue(boolean stamped) {
            super(stamped);
        }

        @Override
        void add(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key) {
            if (this.size == this.submitted.length) {
                grow();
                this.key = Arrays.copyOf(this.key, this.submitted.length);
                this.sequence = Arrays.copyOf(this.sequence, this.submitted.length);
            }
            long sequence = this.nextSequence++;
            int at = this.size++;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!before(key, sequence, parent)) {
                    break;
                }
                moveEntry(parent, at);
                at = parent;
            }
            set(at, submitted, run, future, queuedAt);
            this.key[at] = key;
            this.sequence[at] = sequence;
        }

        @Override
        int head() {
            return 0;
        }

        @Override
        void removeAt(int index) {
            int last = --this.size;
            if (index != last) {
                Runnable submitted = this.submitted[last];
                Runnable decorated = this.run[last];
                Runnable run = (decorated != null) ? decorated : submitted;
                PoolFuture<?> future = this.future[last];
                long queuedAt = this.stamped ? this.queuedAt[last] : 0L;
                long key = this.key[last];
                long sequence = this.sequence[last];
                clear(last);
                int at = siftDown(index, key, sequence);
                if (at == index) {
                    at = siftUp(index, key, sequence);
                }
                set(at, submitted, run, future, queuedAt);
                this.key[at] = key;
                this.sequence[at] = sequence;
            }
            else {
                clear(last);
            }
        }

        /**
         * Move children up into the hole at {@code at}; return where the element goes.
         */
        private int siftDown(int at, long key, long sequence) {
            int half = this.size >>> 1;
            while (at < half) {
                int child = 2 * at + 1;
                int right = child + 1;
                if (right < this.size && before(this.key[right], this.sequence[right], child)) {
                    child = right;
                }
                if (!precedes(this.key[child], this.sequence[child], key, sequence)) {
                    break;
                }
                moveEntry(child, at);
                at = child;
            }
            return at;
        }

        private int siftUp(int at, long key, long sequence) {
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!before(key, sequence, parent)) {
                    break;
                }
                moveEntry(parent, at);
                at = parent;
            }
            return at;
        }

        /** Whether (key, sequence) starts before the element at {@code index}. */
        private boolean before(long key, long sequence, int index) {
            return precedes(key, sequence, this.key[index], this.sequence[index]);
        }

        private static boolean precedes(long key, long sequence, long otherKey, long otherSequence) {
            return key > otherKey || (key == otherKey && sequence < otherSequence);
        }

        private void moveEntry(int from, int to) {
            move(from, to);
            this.key[to] = this.key[from];
            this.sequence[to] = this.sequence[from];
        }

        @Override
        int indexOf(Runnable task) {
            for (int i = 0; i < this.size; i++) {
                if (this.submitted[i] == task) {
                    return i;
                }
            }
            return -1;
        }

    }

}
