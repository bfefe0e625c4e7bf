package io.poolworks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker start that succeeds late must not end the outage that another start, which
 * failed meanwhile, began: else the missing worker is never retried. This race made
 * {@code FaultTests.minWorkersShouldBeRestoredOnceTheFactoryWorksAgainAfterResizeAndResume}
 * fail now and then: a retry still starting its last worker cleared the failure of the
 * start that {@code resume()} had just made.
 */
class WorkerStartsRaceTests {

    @Test
    void startThatSucceedsAfterAnotherFailedShouldLeaveTheOutageOn() throws Exception {
        CountDownLatch inFactory = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ThreadFactory factory = (task) -> {
            if (calls.incrementAndGet() == 1) {
                inFactory.countDown();
                await(release);
                // The worker's own loop needs an engine; this thread only has to start.
                return new Thread(() -> {
                });
            }
            return null;
        };
        WorkerStarts starts = new WorkerStarts("race", Ticker.SYSTEM, factory, null);
        Logger logger = (Logger) LoggerFactory.getLogger(WorkerPool.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.OFF);
        try {
            Thread late = new Thread(() -> starts.start(new PoolWorker(null, null)));
            late.start();
            assertThat(inFactory.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(starts.start(new PoolWorker(null, null))).isNotNull();
            assertThat(starts.failing()).isTrue();
            release.countDown();
            late.join(10_000);
            assertThat(late.isAlive()).isFalse();
            assertThat(starts.failing()).as("the late success hides the failure").isTrue();
            // A start that begins after the failure and succeeds ends the outage.
            calls.set(0);
            release.countDown();
            assertThat(starts.start(new PoolWorker(null, null))).isNull();
            assertThat(starts.failing()).isFalse();
        }
        finally {
            logger.setLevel(level);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
