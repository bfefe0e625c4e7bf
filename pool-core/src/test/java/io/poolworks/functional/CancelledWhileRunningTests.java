package io.poolworks.functional;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful shutdown names the running tasks it cancelled at the drain deadline, as they
 * were submitted.
 */
class CancelledWhileRunningTests {

    private final WorkerPool pool = WorkerPool.builder("cancelling").minWorkers(2).maxWorkers(2).build();

    @AfterEach
    void tearDown() {
        this.pool.shutdownNow();
    }

    @Test
    void shutdownWhenTasksOutliveTheDrainShouldNameTheRunningTasksItCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Runnable plain = new Runnable() {
            @Override
            public void run() {
                started.countDown();
                awaitInterrupt();
            }

            @Override
            public String toString() {
                return "plain";
            }
        };
        this.pool.execute(plain);
        Future<?> future = this.pool.submit(() -> {
            started.countDown();
            awaitInterrupt();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        ShutdownReport report = this.pool.shutdownGracefully(Duration.ZERO);
        assertThat(report.cancelled()).containsExactlyInAnyOrder(plain, (Runnable) future);
        assertThat(report.interrupted()).isEqualTo(2);
        assertThat(report.unstarted()).isEmpty();
        assertThat(future.isCancelled()).isTrue();
    }

    @Test
    void reportWithoutNamesShouldListNone() {
        ShutdownReport report = new ShutdownReport("p", java.util.List.of(), 0, 0, 1, java.util.List.of(),
                Duration.ZERO);
        assertThat(report.cancelled()).isEmpty();
        assertThat(report.interrupted()).isEqualTo(1);
    }

    private static void awaitInterrupt() {
        try {
            new CountDownLatch(1).await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
