package io.poolworks.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Simulated work. A started unit of work is finished even when the thread is interrupted
 * (as a database write would be), and the interrupt is kept for the caller: so a task
 * that started is always completed, and one that never started is handed back by the
 * pool.
 */
public final class Work {

    private Work() {
    }

    /**
     * Work for the given time.
     * @param duration how long
     */
    public static void simulate(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

}
