package io.poolworks.spring.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that holds its worker until {@link #release() released} (or interrupted), so
 * that a test controls when a pool has room again. Its {@code toString()} is its name.
 */
public final class Blocker implements Runnable {

    private final String name;

    private final CountDownLatch started = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile boolean interrupted;

    /**
     * Create a blocker named {@code blocker}.
     */
    public Blocker() {
        this("blocker");
    }

    /**
     * Create a named blocker.
     * @param name the name its {@code toString()} returns
     */
    public Blocker(String name) {
        this.name = name;
    }

    @Override
    public void run() {
        this.started.countDown();
        try {
            this.release.await();
        }
        catch (InterruptedException ex) {
            this.interrupted = true;
            Thread.currentThread().interrupt();
        }
        finally {
            this.finished.countDown();
        }
    }

    /**
     * Wait until a worker runs this task.
     */
    public void awaitStarted() {
        assertThat(await(this.started)).as("%s started", this.name).isTrue();
    }

    /**
     * Let the task return.
     */
    public void release() {
        this.release.countDown();
    }

    /**
     * Return whether the task ended, released or interrupted.
     * @return whether it finished
     */
    public boolean hasFinished() {
        return this.finished.getCount() == 0;
    }

    /**
     * Return whether the task was interrupted while it waited to be released.
     * @return whether it was interrupted
     */
    public boolean wasInterrupted() {
        return this.interrupted;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return this.name;
    }

}
