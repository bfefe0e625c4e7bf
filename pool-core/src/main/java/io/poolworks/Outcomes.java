package io.poolworks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.poolworks.event.TaskOutcome;

/**
 * How the tasks one thread ran ended, one count per {@link TaskOutcome}. Written by that
 * thread alone, with release stores instead of the atomic add a shared counter costs per
 * task, and read by anyone: a reader may see a count a task late, never a torn one. The
 * pool's totals are the sum over its workers, its callers and the workers that left.
 */
final class Outcomes {

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts = new long[TaskOutcome.values().length];

    /** Count one task; only the owning thread calls this. */
    void count(TaskOutcome outcome) {
        int index = outcome.ordinal();
        COUNTS.setRelease(this.counts, index, this.counts[index] + 1);
    }

    /** Add these counts to {@code sums}, indexed by {@link TaskOutcome#ordinal()}. */
    void addTo(long[] sums) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += (long) COUNTS.getAcquire(this.counts, i);
        }
    }

    /**
     * Take over the counts of a thread that no longer runs tasks; under the engine's
     * lock.
     */
    void absorb(Outcomes other) {
        long[] sums = new long[this.counts.length];
        other.addTo(sums);
        for (int i = 0; i < sums.length; i++) {
            COUNTS.setRelease(this.counts, i, this.counts[i] + sums[i]);
        }
    }

}
