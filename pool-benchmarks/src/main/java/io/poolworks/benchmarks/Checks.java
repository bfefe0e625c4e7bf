package io.poolworks.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import io.poolworks.WorkerPool;

/**
 * Sanity checks run after a trial, so that a benchmark never reports a score for an
 * executor that lost work.
 */
final class Checks {

    private Checks() {
    }

    /**
     * Check that the subject's own accounting, if it keeps one, saw every task finish.
     * @param subject the executor, already shut down
     * @param tasks how many tasks ran
     * @throws IllegalStateException if the executor counted a different number of tasks
     */
    static void sawAll(Subject subject, long tasks) {
        long seen = subject.finishedTasks();
        if (seen >= 0 && seen != tasks) {
            throw new IllegalStateException("The executor counted " + seen + " finished tasks, expected " + tasks);
        }
    }

    /**
     * Check that a {@link WorkerPool} or a {@link ThreadPoolExecutor} completed every
     * task.
     * @param executor the executor, already shut down
     * @param tasks how many tasks ran
     * @throws IllegalStateException if it counted a different number of tasks
     */
    static void completedAll(ExecutorService executor, long tasks) {
        long completed = (executor instanceof WorkerPool pool) ? pool.stats().completed()
                : ((ThreadPoolExecutor) executor).getCompletedTaskCount();
        if (completed != tasks) {
            throw new IllegalStateException("The executor completed " + completed + " tasks, expected " + tasks);
        }
    }

}
