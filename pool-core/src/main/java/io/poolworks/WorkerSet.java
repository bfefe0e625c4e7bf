package io.poolworks;

import java.util.ArrayList;
import java.util.List;

/**
 * Who runs a pool's tasks: its workers (live, idle, starting) and the callers running a
 * task under {@link SaturationPolicy#CALLER_RUNS}. Guarded by the engine's lock; the
 * engine decides, this class keeps the counts and the members together, so that a count
 * never includes a worker the list does not (and a terminated pool never names a worker
 * that already left).
 */
final class WorkerSet {

    private final List<PoolWorker> workers = new ArrayList<>();

    private final List<RunSlot> callers = new ArrayList<>();

    /** Live workers, including reserved ones whose thread is starting. */
    int count;

    /** Workers waiting for a task. */
    int idle;

    /** Workers reserved that have not asked for a task yet. */
    int starting;

    int peak;

    /** The outcomes of the workers and callers that no longer run tasks. */
    private final Outcomes retired = new Outcomes();

    /** The bounds, as built or tuned. */
    int min;

    int max;

    WorkerSet(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** Workers free for a queued task: idle ones and those about to ask. */
    int free() {
        return this.idle + this.starting;
    }

    /**
     * How many workers to add for {@code min} and for queued tasks nobody will take.
     * @param queued the tasks in the queue
     * @param state the run state
     * @param paused whether the pool is paused
     */
    int wanted(int queued, int state, boolean paused) {
        if (state >= Lifecycle.STOP || (paused && state == Lifecycle.RUNNING)) {
            return 0;
        }
        int forMin = (state == Lifecycle.RUNNING) ? this.min - this.count : 0;
        return Math.max(forMin, queued - free());
    }

    /** Whether workers are missing: below the minimum, or queued tasks lack one. */
    boolean missing(int queued) {
        return this.count < this.min || (queued > free() && this.count < this.max);
    }

    /**
     * Reserve up to {@code wanted} workers within {@code max}; a failure midway leaves
     * nothing reserved.
     */
    List<PoolWorker> reserve(int wanted, PoolEngine engine, TaskRunner runner) {
        int count = Math.min(wanted, this.max - this.count);
        if (count <= 0) {
            return List.of();
        }
        List<PoolWorker> reserved = new ArrayList<>(count);
        try {
            while (reserved.size() < count) {
                PoolWorker worker = new PoolWorker(engine, runner);
                this.workers.add(worker);
                reserved.add(worker);
                this.count++;
                this.starting++;
            }
        }
        catch (Throwable ex) {
            unreserve(reserved);
            throw ex;
        }
        this.peak = Math.max(this.peak, this.count);
        return reserved;
    }

    /** Forget reserved workers whose thread did not start. */
    void unreserve(List<PoolWorker> reserved) {
        for (PoolWorker worker : reserved) {
            if (this.workers.remove(worker)) {
                this.count--;
                this.starting--;
            }
        }
    }

    /** The worker asks for its first task. */
    void asking(PoolWorker worker) {
        if (worker.starting) {
            worker.starting = false;
            this.starting--;
        }
    }

    /** Count the worker out; its outcomes stay in the totals. */
    void exit(PoolWorker worker) {
        if (this.workers.remove(worker)) {
            this.retired.absorb(worker.slot.outcomes);
            this.count--;
            if (worker.starting) {
                worker.starting = false;
                this.starting--;
            }
        }
    }

    void addCaller(RunSlot slot) {
        this.callers.add(slot);
    }

    boolean removeCaller(RunSlot slot) {
        this.retired.absorb(slot.outcomes);
        return this.callers.remove(slot);
    }

    /**
     * How every task run so far ended, by
     * {@link io.poolworks.event.TaskOutcome#ordinal()}: the workers', the callers' and
     * those of the workers that left.
     */
    long[] outcomes() {
        long[] sums = new long[io.poolworks.event.TaskOutcome.values().length];
        this.retired.addTo(sums);
        for (PoolWorker worker : this.workers) {
            worker.slot.outcomes.addTo(sums);
        }
        for (RunSlot caller : this.callers) {
            caller.outcomes.addTo(sums);
        }
        return sums;
    }

    /** Whether nobody runs anything: no worker, no caller. */
    boolean isEmpty() {
        return this.count == 0 && this.callers.isEmpty();
    }

    /**
     * Cancel every running task, of workers and callers alike.
     * @return the tasks cancelled, as submitted
     */
    List<Runnable> cancelRunning() {
        List<Runnable> cancelled = new ArrayList<>();
        for (PoolWorker worker : this.workers) {
            cancel(worker.slot, cancelled);
        }
        for (RunSlot caller : this.callers) {
            cancel(caller, cancelled);
        }
        return cancelled;
    }

    private static void cancel(RunSlot slot, List<Runnable> cancelled) {
        // Read before the cancel: once it wins, the owner keeps the task until it sees.
        Runnable task = slot.submitted;
        if (slot.cancel(false) && task != null) {
            cancelled.add(task);
        }
    }

    /** The names of the worker threads still alive. */
    List<String> liveThreadNames() {
        List<String> names = new ArrayList<>();
        for (PoolWorker worker : this.workers) {
            Thread thread = worker.slot.thread;
            if (thread != null && thread.isAlive()) {
                names.add(thread.getName());
            }
        }
        return names;
    }

}
