package io.poolworks.functional;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.poolworks.RejectedTaskException;
import io.poolworks.RejectionReason;
import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.testing.Gate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A full pool: N workers busy and the queue full.
 */
class BackpressureTests {

    private WorkerPool pool;

    private Gate gate;

    @AfterEach
    void tearDown() {
        if (this.gate != null) {
            this.gate.open();
        }
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    private WorkerPool fullPool(SaturationPolicy policy, int workers, int capacity) {
        this.pool = WorkerPools.backpressure("full", workers, capacity)
            .saturationPolicy(policy)
            .blockTimeout(Duration.ofMillis(300))
            .build();
        this.gate = new Gate(workers);
        for (int i = 0; i < workers + capacity; i++) {
            this.pool.execute(this.gate.task());
        }
        this.gate.awaitStarted();
        assertThat(this.pool.stats().queued()).isEqualTo(capacity);
        assertThat(this.pool.stats().remainingCapacity()).isZero();
        return this.pool;
    }

    @Test
    void tryExecuteWhenFullShouldReturnFalseAndCountRejection() {
        WorkerPool pool = fullPool(SaturationPolicy.BLOCK, 2, 3);
        assertThat(pool.tryExecute(() -> {
        })).isFalse();
        assertThat(pool.stats().rejected()).isEqualTo(1);
        assertThat(pool.stats().submitted()).isEqualTo(5);
    }

    @Test
    void executeWhenFullUnderRejectShouldThrowQueueFull() {
        WorkerPool pool = fullPool(SaturationPolicy.REJECT, 2, 3);
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
        })).satisfies((ex) -> {
            assertThat(ex.reason()).isEqualTo(RejectionReason.QUEUE_FULL);
            assertThat(ex.poolName()).isEqualTo("full");
            assertThat(ex.getMessage()).contains("'full'", "queueCapacity", "maxWorkers", "tryExecute");
        });
        assertThat(pool.stats().rejected()).isEqualTo(1);
    }

    @Test
    void submitWhenFullUnderRejectShouldThrowQueueFull() {
        WorkerPool pool = fullPool(SaturationPolicy.REJECT, 1, 0);
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.submit(() -> 1))
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectionReason.QUEUE_FULL));
    }

    @Test
    void executeWhenFullUnderBlockShouldRejectAfterBlockTimeout() {
        WorkerPool pool = fullPool(SaturationPolicy.BLOCK, 1, 1);
        long start = System.nanoTime();
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
        })).satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectionReason.QUEUE_FULL));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void executeWhenFullUnderBlockShouldProceedWhenRoomAppears() throws Exception {
        WorkerPool pool = fullPool(SaturationPolicy.BLOCK, 1, 1);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> producer = new AtomicReference<>();
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            producer.set(Thread.currentThread());
            pool.execute(ran::countDown);
        });
        await().atMost(Duration.ofSeconds(5))
            .until(() -> producer.get() != null && producer.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(blocked).isNotDone();
        this.gate.open();
        blocked.get(5, TimeUnit.SECONDS);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.stats().rejected()).isZero();
    }

    @Test
    void executeWhenFullUnderCallerRunsShouldRunInTheCallingThread() {
        WorkerPool pool = fullPool(SaturationPolicy.CALLER_RUNS, 2, 2);
        AtomicReference<Thread> runner = new AtomicReference<>();
        pool.execute(() -> runner.set(Thread.currentThread()));
        assertThat(runner.get()).isSameAs(Thread.currentThread());
        assertThat(pool.stats().callerRuns()).isEqualTo(1);
        assertThat(pool.stats().completed()).isEqualTo(1);
        assertThat(pool.stats().submitted()).isEqualTo(5);
    }

    @Test
    void tryExecuteWithTimeoutShouldSucceedAsSoonAsRoomAppears() throws Exception {
        WorkerPool pool = fullPool(SaturationPolicy.REJECT, 1, 1);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> producer = new AtomicReference<>();
        CompletableFuture<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
            producer.set(Thread.currentThread());
            return pool.tryExecute(ran::countDown, Duration.ofSeconds(30));
        });
        await().atMost(Duration.ofSeconds(5))
            .until(() -> producer.get() != null && producer.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(accepted).isNotDone();
        this.gate.open();
        assertThat(accepted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void tryExecuteWithTimeoutShouldFailAfterTheTimeout() {
        WorkerPool pool = fullPool(SaturationPolicy.REJECT, 1, 1);
        long start = System.nanoTime();
        assertThat(pool.tryExecute(() -> {
        }, Duration.ofMillis(250))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(pool.stats().rejected()).isEqualTo(1);
    }

    @Test
    void tryExecuteWithTimeoutWhenInterruptedShouldFailAndKeepTheInterrupt() {
        WorkerPool pool = fullPool(SaturationPolicy.REJECT, 1, 0);
        Thread.currentThread().interrupt();
        try {
            assertThat(pool.tryExecute(() -> {
            }, Duration.ofSeconds(10))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    @Test
    void directHandOffShouldAcceptOnlyWhileAWorkerIsFree() {
        this.pool = WorkerPools.fixed("handoff", 2).queueCapacity(0).build();
        this.gate = new Gate(2);
        assertThat(this.pool.tryExecute(this.gate.task())).isTrue();
        assertThat(this.pool.tryExecute(this.gate.task())).isTrue();
        this.gate.awaitStarted();
        assertThat(this.pool.tryExecute(() -> {
        })).isFalse();
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.tryExecute(() -> {
        }));
    }

    @Test
    void headroomShouldSayExactlyHowManyMoreTasksThePoolTakes() {
        this.pool = WorkerPool.builder("headroom").minWorkers(1).maxWorkers(3).queueCapacity(4).build();
        this.gate = new Gate(3);
        assertThat(this.pool.stats().headroom()).isEqualTo(2 + 4 + 1);
        int accepted = 0;
        while (this.pool.stats().headroom() > 0) {
            assertThat(this.pool.tryExecute(this.gate.task())).isTrue();
            accepted++;
        }
        assertThat(accepted).isEqualTo(7);
        assertThat(this.pool.tryExecute(this.gate.task())).isFalse();
        this.pool.tuning().pause();
        this.pool.tuning().queueCapacity(10);
        assertThat(this.pool.stats().headroom()).isEqualTo(10 - this.pool.stats().queued());
        this.pool.shutdown();
        assertThat(this.pool.stats().headroom()).isZero();
    }

}
