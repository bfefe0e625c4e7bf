package io.poolworks.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks that block until released, with latches that say how many have started, so tests
 * can fill workers deterministically.
 */
public final class Gate {

    private final CountDownLatch started;

    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicInteger interrupted = new AtomicInteger();

    private final AtomicInteger running = new AtomicInteger();

    private final AtomicInteger maxRunning = new AtomicInteger();

    public Gate(int expectedStarts) {
        this.started = new CountDownLatch(expectedStarts);
    }

    /**
     * Return a task that counts its start and blocks until {@link #open()} (or
     * interruption).
     * @return the task
     */
    public Runnable task() {
        return () -> {
            int now = this.running.incrementAndGet();
            this.maxRunning.accumulateAndGet(now, Math::max);
            this.started.countDown();
            try {
                this.release.await();
            }
            catch (InterruptedException ex) {
                this.interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
            finally {
                this.running.decrementAndGet();
            }
        };
    }

    /**
     * Wait until the expected number of tasks started.
     * @throws AssertionError if they did not start within ten seconds
     */
    public void awaitStarted() {
        try {
            if (!this.started.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("Only " + (this.started.getCount()) + " starts missing after 10s");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    public boolean startedWithin(Duration timeout) throws InterruptedException {
        return this.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void open() {
        this.release.countDown();
    }

    public int interrupted() {
        return this.interrupted.get();
    }

    public int maxRunning() {
        return this.maxRunning.get();
    }

}
