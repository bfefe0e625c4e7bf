package io.poolworks.benchmarks;

/**
 * Sanity checks run after a trial, so that a benchmark never reports a score for an
 * executor that lost work.
 */
final class Checks {

    private Checks() {
    }

    /**
     * Check that the listener, if the subject has one, saw every task finish.
     * @param subject the executor, already shut down
     * @param tasks how many tasks ran
     * @throws IllegalStateException if the listener saw a different number of tasks
     */
    static void listenerSawAll(Subject subject, long tasks) {
        if (subject instanceof Implementation.ExecutorServiceSubject service && service.listener != null) {
            long seen = service.listener.count.sum();
            if (seen != tasks) {
                throw new IllegalStateException("The listener saw " + seen + " finished tasks, expected " + tasks);
            }
        }
    }

}
