package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.RejectedTaskException;
import io.poolworks.RejectionReason;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.testing.Gate;
import io.poolworks.testing.PoolsUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The four phases of {@link WorkerPool#shutdownGracefully(Duration)} and the JDK meaning
 * of {@code shutdown}, {@code shutdownNow} and {@code awaitTermination}.
 */
class GracefulShutdownTests {

    @RegisterExtension
    final PoolsUnderTest tested = new PoolsUnderTest();

    @Test
    void submissionsDuringShutdownShouldBeRejectedAsShuttingDown() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("phase1", 1));
        Gate gate = this.tested.gate(1);
        pool.execute(gate.task());
        gate.awaitStarted();
        CompletableFuture<ShutdownReport> shutdown = CompletableFuture
            .supplyAsync(() -> pool.shutdownGracefully(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().state() == PoolState.DRAINING);
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
        })).satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectionReason.SHUTTING_DOWN));
        assertThat(pool.tryExecute(() -> {
        })).isFalse();
        gate.open();
        assertThat(shutdown.get(10, TimeUnit.SECONDS).clean()).isTrue();
        assertThat(pool.stats().rejected()).isEqualTo(2);
    }

    @Test
    void drainShouldRunQueuedTasksWithinTheDrainTimeout() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("phase2", 1).queueCapacity(10));
        Gate gate = this.tested.gate(1);
        AtomicInteger ran = new AtomicInteger();
        pool.execute(gate.task());
        for (int i = 0; i < 5; i++) {
            pool.execute(ran::incrementAndGet);
        }
        gate.awaitStarted();
        CompletableFuture<ShutdownReport> shutdown = CompletableFuture
            .supplyAsync(() -> pool.shutdownGracefully(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().state() == PoolState.DRAINING);
        gate.open();
        ShutdownReport report = shutdown.get(10, TimeUnit.SECONDS);
        assertThat(report.clean()).isTrue();
        assertThat(ran).hasValue(5);
        assertThat(report.completedDuringDrain()).isEqualTo(6);
        assertThat(pool.isTerminated()).isTrue();
        assertThat(pool.stats().state()).isEqualTo(PoolState.TERMINATED);
    }

    @Test
    void drainTimeoutShouldHandBackQueuedTasksAndCancelRunningOnes() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("phase3", 1).queueCapacity(10));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawCancelled = new AtomicBoolean();
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        Future<String> running = pool.submit((context) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException ex) {
                sawInterrupt.set(true);
                sawCancelled.set(context.isCancelled());
            }
            return "done";
        });
        List<Runnable> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Runnable task = () -> {
            };
            queued.add(task);
            pool.execute(task);
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(200));
        assertThat(report.unstarted()).containsExactlyElementsOf(queued);
        assertThat(report.interrupted()).isEqualTo(1);
        assertThat(report.stuckWorkers()).isEmpty();
        assertThat(report.clean()).isFalse();
        assertThat(sawInterrupt).isTrue();
        assertThat(sawCancelled).isTrue();
        assertThat(running.isCancelled()).isTrue();
        assertThat(pool.stats().unstarted()).isEqualTo(3);
        assertThat(pool.stats().cancelled()).isEqualTo(1);
    }

    @Test
    void drainTimeoutShouldInterruptPlainRunningTasksAndCountThemCancelled() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("plain", 2));
        Gate gate = this.tested.gate(2);
        pool.execute(gate.task());
        pool.execute(gate.task());
        gate.awaitStarted();
        ShutdownReport report = pool.shutdownGracefully(Duration.ZERO);
        assertThat(report.interrupted()).isEqualTo(2);
        assertThat(gate.interrupted()).isEqualTo(2);
        assertThat(pool.stats().cancelled()).isEqualTo(2);
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void taskIgnoringInterruptionShouldNotHangShutdownPastDrainPlusGrace() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("stuck", 2).terminationGrace(Duration.ofMillis(300)));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                }
                catch (InterruptedException ex) {
                    // ignores interruption on purpose
                }
            }
        });
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(300));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofSeconds(5));
            assertThat(report.stuckWorkers()).singleElement().asString().startsWith("stuck-");
            assertThat(pool.isTerminated()).isFalse();
        }
        catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
        finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(pool::isTerminated);
    }

    @Test
    void secondGracefulShutdownShouldReturnTheSameReport() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("twice", 1));
        ShutdownReport first = pool.shutdownGracefully();
        assertThat(pool.shutdownGracefully()).isSameAs(first);
    }

    @Test
    void closeShouldDrainGracefully() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (WorkerPool pool = WorkerPools.fixed("close", 1).queueCapacity(10).build()) {
            for (int i = 0; i < 5; i++) {
                pool.execute(ran::incrementAndGet);
            }
        }
        assertThat(ran).hasValue(5);
    }

    @Test
    void closeShouldWaitUntilEveryAcceptedTaskRanAsExecutorServiceCloseDoes() throws Exception {
        WorkerPool pool = this.tested
            .pool(WorkerPools.fixed("closed", 1).queueCapacity(10).drainTimeout(Duration.ZERO));
        Gate running = this.tested.gate(1);
        pool.execute(running.task());
        running.awaitStarted();
        AtomicInteger queuedRan = new AtomicInteger();
        pool.execute(queuedRan::incrementAndGet);
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            pool.close();
            closed.countDown();
        });
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(pool::isShutdown);
        // The running task is blocked, so close() cannot have returned.
        assertThat(closed.getCount()).isEqualTo(1);
        running.open();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queuedRan).hasValue(1);
        assertThat(pool.isTerminated()).isTrue();
        assertThat(pool.stats().unstarted()).isZero();
    }

    @Test
    void closeWhenInterruptedShouldShutDownNowAndStillWaitForTermination() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("interrupted-close", 1).queueCapacity(10));
        Gate running = this.tested.gate(1);
        pool.execute(running.task());
        running.awaitStarted();
        pool.execute(() -> {
        });
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            pool.close();
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(pool::isShutdown);
        closer.interrupt();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(interruptKept).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(running.interrupted()).isEqualTo(1);
        PoolStats stats = pool.stats();
        assertThat(stats.cancelled()).isEqualTo(1);
        assertThat(stats.unstarted()).isEqualTo(1);
    }

    private static Runnable named(String name) {
        return new Runnable() {

            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return name;
            }

        };
    }

    @Test
    void shutdownShouldRejectNewTasksButRunQueuedOnes() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("jdk-shutdown", 1).queueCapacity(10));
        Gate gate = this.tested.gate(1);
        AtomicInteger ran = new AtomicInteger();
        pool.execute(gate.task());
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::incrementAndGet);
        }
        pool.shutdown();
        assertThat(pool.isShutdown()).isTrue();
        assertThat(pool.isTerminated()).isFalse();
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
        }));
        assertThat(pool.awaitTermination(200, TimeUnit.MILLISECONDS)).isFalse();
        gate.open();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(3);
    }

    @Test
    void shutdownWhilePausedShouldStillRunQueuedTasks() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.dynamic("paused", 0, 2).queueCapacity(10));
        pool.tuning().pause();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            pool.execute(ran::incrementAndGet);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(4);
    }

    @Test
    void shutdownNowShouldReturnQueuedTasksAndInterruptRunningOnes() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("jdk-now", 1).queueCapacity(10));
        Gate gate = this.tested.gate(1);
        pool.execute(gate.task());
        Runnable queued = () -> {
        };
        pool.execute(queued);
        gate.awaitStarted();
        List<Runnable> handedBack = pool.shutdownNow();
        assertThat(handedBack).containsExactly(queued);
        await().atMost(Duration.ofSeconds(5)).until(pool::isTerminated);
        assertThat(gate.interrupted()).isEqualTo(1);
    }

    @Test
    void cancelledQueuedFutureShouldBeCountedCancelledNotUnstarted() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("cancelled", 1).queueCapacity(10));
        Gate gate = this.tested.gate(1);
        pool.execute(gate.task());
        Future<?> future = pool.submit(() -> {
        });
        gate.awaitStarted();
        assertThat(future.cancel(false)).isTrue();
        ShutdownReport report = pool.shutdownGracefully(Duration.ZERO);
        assertThat(report.unstarted()).isEmpty();
        assertThat(pool.stats().cancelled()).isEqualTo(2);
    }

}
