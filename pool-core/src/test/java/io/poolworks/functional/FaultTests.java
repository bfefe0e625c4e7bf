package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.poolworks.PoolStats;
import io.poolworks.PoolTuning;
import io.poolworks.RejectedTaskException;
import io.poolworks.RejectionReason;
import io.poolworks.SaturationPolicy;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskRejected;
import io.poolworks.event.WorkersChanged;
import io.poolworks.testing.FlakyThreadFactory;
import io.poolworks.testing.FlakyThreadFactory.Mode;
import io.poolworks.testing.Gate;
import io.poolworks.testing.LogCapture;
import io.poolworks.testing.PoolsUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Faults and bad luck that must never strand a task, hang a caller or corrupt the counts:
 * failing decorators, failing thread factories, tasks run by the caller, cancelled losers
 * of {@code invokeAny}, expired futures, listeners and the pool's lock.
 */
class FaultTests {

    @RegisterExtension
    final PoolsUnderTest tested = new PoolsUnderTest();

    private static void assertAccounted(PoolStats stats) {
        assertThat(stats.submitted()).isEqualTo(stats.completed() + stats.failed() + stats.cancelled()
                + stats.timedOut() + stats.expired() + stats.unstarted() + stats.queued() + stats.running());
    }

    @Test
    void decoratorThatThrowsBeforeRunningTheTaskShouldFailItsFuture() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("throwing-decorator", 1).taskDecorator((task) -> () -> {
            throw new IllegalStateException("decorator broke");
        }));
        Future<Integer> future = pool.submit(() -> 42);
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
            .withRootCauseInstanceOf(IllegalStateException.class)
            .withMessageContaining("decorator broke");
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().failed() == 1);
        assertAccounted(pool.stats());
    }

    @Test
    void decoratorThatSkipsTheTaskShouldFailItsFutureInsteadOfLeavingItPending() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("skipping-decorator", 1).taskDecorator((task) -> () -> {
        }));
        Future<Integer> future = pool.submit(() -> 42);
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
            .withMessageContaining("returned without running");
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().failed() == 1);
    }

    @Test
    void factoryOutOfNativeThreadsShouldRejectOnlyTheTaskNoWorkerCanTake() {
        FlakyThreadFactory factory = new FlakyThreadFactory("oom-");
        WorkerPool pool = this.tested
            .pool(WorkerPool.builder("oom").minWorkers(0).maxWorkers(2).threadFactory(factory));
        factory.mode(Mode.OUT_OF_MEMORY);
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
        }))
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectionReason.WORKER_START_FAILED))
            .withCauseInstanceOf(OutOfMemoryError.class);
        PoolStats stats = pool.stats();
        assertThat(stats.workers()).isZero();
        assertThat(stats.submitted()).isZero();
        assertThat(stats.rejected()).isEqualTo(1);
        factory.mode(Mode.WORK);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.getCount() == 0);
    }

    @Test
    void factoryReturningNullWithALiveWorkerAndRoomShouldKeepTheTaskQueued() throws Exception {
        FlakyThreadFactory factory = new FlakyThreadFactory("null-");
        WorkerPool pool = this.tested
            .pool(WorkerPool.builder("null-factory").minWorkers(1).maxWorkers(2).threadFactory(factory));
        Gate busy = this.tested.gate(1);
        pool.execute(busy.task());
        busy.awaitStarted();
        factory.mode(Mode.NULL);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertThat(pool.stats().queued()).isEqualTo(1);
        busy.open();
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("the live worker runs it").isTrue();
        assertThat(pool.stats().rejected()).isZero();
        assertAccounted(pool.stats());
    }

    @Test
    void factoryReturningAStartedThreadShouldBeRefusedAndTheCountsStayExact() {
        FlakyThreadFactory factory = new FlakyThreadFactory("started-");
        try (LogCapture log = new LogCapture("io.poolworks.WorkerPool")) {
            WorkerPool pool = this.tested
                .pool(WorkerPool.builder("started").minWorkers(0).maxWorkers(1).threadFactory(factory));
            factory.mode(Mode.STARTED);
            assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
            })).withMessageContaining("already started");
            assertThat(pool.stats().workers()).isZero();
            assertThat(pool.stats().submitted()).isZero();
            assertThat(log.text()).contains("ThreadFactory.newThread must return an unstarted thread");
        }
    }

    @Test
    void minWorkersShouldBeRestoredOnceTheFactoryWorksAgainAfterResizeAndResume() {
        FlakyThreadFactory factory = new FlakyThreadFactory("heal-");
        WorkerPool pool = this.tested
            .pool(WorkerPool.builder("heal").minWorkers(1).maxWorkers(4).threadFactory(factory));
        factory.mode(Mode.OUT_OF_MEMORY);
        pool.tuning().resize(3, 4);
        assertThat(pool.stats().workers()).isEqualTo(1);
        factory.mode(Mode.WORK);
        // Workers count from their reservation: wait until the factory made their
        // threads.
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.made() == 3 && pool.stats().workers() == 3);

        pool.tuning().pause();
        factory.mode(Mode.NULL);
        pool.tuning().resize(4, 4);
        pool.tuning().resume();
        assertThat(pool.stats().workers()).isEqualTo(3);
        factory.mode(Mode.WORK);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().workers() == 4);
        assertThat(pool.stats().peakWorkers()).isEqualTo(4);
    }

    @Test
    void aLateSuccessOfAnEarlierStartShouldNotHideWorkersStillMissing() throws Exception {
        CountDownLatch inFactory = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FlakyThreadFactory flaky = new FlakyThreadFactory("late-");
        java.util.concurrent.atomic.AtomicBoolean blockNext = new java.util.concurrent.atomic.AtomicBoolean();
        WorkerPool pool = this.tested.pool(WorkerPool.builder("late").minWorkers(1).maxWorkers(4).threadFactory((r) -> {
            if (blockNext.compareAndSet(true, false)) {
                inFactory.countDown();
                try {
                    release.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return flaky.newThread(r);
        }));
        blockNext.set(true);
        Thread slowStart = new Thread(() -> pool.tuning().resize(2, 4));
        slowStart.start();
        assertThat(inFactory.await(5, TimeUnit.SECONDS)).isTrue();
        flaky.mode(Mode.NULL);
        pool.tuning().resize(3, 4);
        // The earlier start now succeeds: one worker more, one still missing.
        flaky.mode(Mode.WORK);
        release.countDown();
        slowStart.join(5_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().workers() == 3 && flaky.made() == 3);
    }

    @Test
    void taskCountedOnAWorkerThatFailedToStartShouldRunOnceAnotherStarts() {
        FlakyThreadFactory factory = new FlakyThreadFactory("strand-");
        WorkerPool pool = this.tested
            .pool(WorkerPool.builder("strand").minWorkers(0).maxWorkers(1).threadFactory(factory));
        factory.mode(Mode.OUT_OF_MEMORY);
        CountDownLatch ran = new CountDownLatch(2);
        // The first task fails with its worker; the second queues behind it, since the
        // worker is still reserved, and must not be stranded when it fails.
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try {
                pool.execute(ran::countDown);
                accepted.add(true);
            }
            catch (RejectedTaskException ex) {
                accepted.add(false);
            }
        }
        factory.mode(Mode.WORK);
        pool.execute(ran::countDown);
        long acceptedCount = accepted.stream().filter((a) -> a).count() + 1;
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().completed() == acceptedCount);
        assertAccounted(pool.stats());
    }

    @Test
    void callerRunsTaskShouldCountAsRunningAndHoldOffTermination() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("caller", 1)
            .queueCapacity(0)
            .saturationPolicy(SaturationPolicy.CALLER_RUNS)
            .drainTimeout(Duration.ofSeconds(30)));
        Gate worker = this.tested.gate(1);
        pool.execute(worker.task());
        worker.awaitStarted();
        Gate caller = this.tested.gate(1);
        Thread callerThread = new Thread(() -> pool.execute(caller.task()));
        callerThread.start();
        caller.awaitStarted();
        assertThat(pool.stats().running()).isEqualTo(2);
        assertThat(pool.stats().callerRuns()).isEqualTo(1);
        CompletableFuture<ShutdownReport> shutdown = CompletableFuture.supplyAsync(pool::shutdownGracefully);
        await().atMost(Duration.ofSeconds(10)).until(pool::isShutdown);
        worker.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().workers() == 0);
        assertThat(pool.awaitTermination(100, TimeUnit.MILLISECONDS)).as("the caller still runs a task").isFalse();
        assertThat(pool.isTerminated()).isFalse();
        assertThat(shutdown).isNotDone();
        caller.open();
        ShutdownReport report = shutdown.get(10, TimeUnit.SECONDS);
        assertThat(report.clean()).isTrue();
        assertThat(report.completedDuringDrain()).isEqualTo(2);
        assertThat(pool.isTerminated()).isTrue();
        callerThread.join(5_000);
    }

    @Test
    void callerRunsTaskShouldBeCancelledByTheCancelPhaseAndTimedOutByTheTaskTimeout() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("caller-timeout", 1)
            .queueCapacity(0)
            .saturationPolicy(SaturationPolicy.CALLER_RUNS)
            .taskTimeout(Duration.ofMillis(300)));
        Gate worker = this.tested.gate(1);
        pool.execute(worker.task());
        worker.awaitStarted();
        Gate caller = this.tested.gate(1);
        AtomicReference<Boolean> callerInterruptedAfter = new AtomicReference<>();
        Thread callerThread = new Thread(() -> {
            pool.execute(caller.task());
            callerInterruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        callerThread.start();
        callerThread.join(10_000);
        assertThat(caller.interrupted()).isEqualTo(1);
        assertThat(callerInterruptedAfter.get()).as("the timeout's interrupt does not outlive the task").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().timedOut() >= 1);
        assertAccounted(pool.stats());
    }

    @Test
    void zeroDrainOnAPausedPoolShouldStartNothingAndHandEveryQueuedTaskBack() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("paused-zero", 2).queueCapacity(100));
        pool.tuning().pause();
        AtomicInteger ran = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Runnable task = ran::incrementAndGet;
            queued.add(task);
            pool.execute(task);
        }
        ShutdownReport report = pool.shutdownGracefully(Duration.ZERO);
        assertThat(report.unstarted()).containsExactlyElementsOf(queued);
        assertThat(ran).hasValue(0);
        assertThat(pool.stats().unstarted()).isEqualTo(50);
    }

    @Test
    void invokeAnyLosersShouldBeCountedCancelledAndLeaveTheQueueAtOnce() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("invoke-any", 1).queueCapacity(10));
        Gate busy = this.tested.gate(1);
        pool.execute(busy.task());
        busy.awaitStarted();
        List<Callable<String>> tasks = new ArrayList<>();
        tasks.add(() -> "winner");
        for (int i = 0; i < 5; i++) {
            tasks.add(() -> {
                new CountDownLatch(1).await();
                return "loser";
            });
        }
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.invokeAny(tasks);
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().queued() == 6);
        busy.open();
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("winner");
        // invokeAny cancelled the losers before it returned: none is left queued.
        assertThat(pool.stats().queued()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().running() == 0);
        PoolStats stats = pool.stats();
        // The busy task and the winner completed; every loser was cancelled, in the
        // queue or (the one the worker may have taken after the winner) while it ran.
        assertThat(stats.completed()).isEqualTo(2);
        assertThat(stats.cancelled()).isEqualTo(5);
        assertAccounted(stats);
    }

    @Test
    void cancellingAFutureOfACompletionServiceShouldFreeItsPlaceAndStillReportIt() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("completion", 1).queueCapacity(1));
        Gate busy = this.tested.gate(1);
        pool.execute(busy.task());
        busy.awaitStarted();
        java.util.concurrent.ExecutorCompletionService<String> service = new java.util.concurrent.ExecutorCompletionService<>(
                pool);
        Future<String> queued = service.submit(() -> "never");
        assertThat(pool.stats().remainingCapacity()).isZero();
        assertThat(queued.cancel(false)).isTrue();
        assertThat(pool.stats().queued()).as("left the queue at once").isZero();
        assertThat(pool.stats().cancelled()).isEqualTo(1);
        assertThat(service.poll(5, TimeUnit.SECONDS)).as("the completion service hears of it").isSameAs(queued);
    }

    @Test
    void expiredFutureShouldCompleteCancelledWhateverTheHandlerDoes() throws Exception {
        io.poolworks.FakeTicker clock = new io.poolworks.FakeTicker();
        WorkerPool pool = this.tested.pool(clock.install(WorkerPools.fixed("expired", 1))
            .maxQueueWait(Duration.ofMillis(100))
            .expiredTaskHandler((name, task, waited) -> {
                throw new IllegalStateException("handler broke");
            }));
        Gate busy = this.tested.gate(1);
        pool.execute(busy.task());
        busy.awaitStarted();
        Future<Integer> future = pool.submit(() -> 1);
        clock.advance(Duration.ofMillis(101));
        busy.open();
        assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().expired() == 1);
    }

    @Test
    void listenersShouldNeverBeCalledWhileThePoolLockIsHeld() throws Exception {
        List<String> heldLock = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<WorkerPool> self = new AtomicReference<>();
        PoolListener probe = new PoolListener() {

            private void probe(String event) {
                WorkerPool pool = self.get();
                if (pool == null) {
                    return;
                }
                // stats() takes the pool's lock: from another thread it blocks if this
                // thread holds the lock.
                try {
                    CompletableFuture.supplyAsync(pool::stats).get(5, TimeUnit.SECONDS);
                }
                catch (Exception ex) {
                    heldLock.add(event);
                }
            }

            @Override
            public void taskFinished(TaskFinished event) {
                probe("taskFinished " + event.outcome());
            }

            @Override
            public void taskRejected(TaskRejected event) {
                probe("taskRejected " + event.reason());
            }

            @Override
            public void workersChanged(WorkersChanged event) {
                probe("workersChanged " + event.started());
            }

            @Override
            public void stateChanged(PoolStateChanged event) {
                probe("stateChanged " + event.to());
            }

        };
        WorkerPool pool = this.tested.pool(WorkerPool.builder("unlocked")
            .minWorkers(0)
            .maxWorkers(1)
            .queueCapacity(1)
            .idleTimeout(Duration.ofMillis(200))
            .listener(probe));
        self.set(pool);
        Gate busy = this.tested.gate(1);
        pool.execute(busy.task());
        busy.awaitStarted();
        Future<?> queued = pool.submit(() -> {
        });
        assertThat(pool.tryExecute(() -> {
        })).isFalse();
        queued.cancel(false);
        pool.tuning().pause();
        pool.tuning().resume();
        busy.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().workers() == 0);
        pool.execute(() -> {
            throw new IllegalStateException("on purpose");
        });
        pool.shutdownGracefully();
        assertThat(heldLock).isEmpty();
    }

    @Test
    void tuningShouldBeAViewNotThePoolItself() {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("view", 1));
        assertThat(pool).isNotInstanceOf(PoolTuning.class);
        assertThat(pool.tuning()).isNotSameAs(pool);
    }

}
