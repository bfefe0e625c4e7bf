package io.poolworks.functional;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.FakeTicker;
import io.poolworks.PoolStats;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import io.poolworks.testing.Gate;
import io.poolworks.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Task timeouts and the maximum queue wait, alone and combined with everything else. Time
 * is a {@link FakeTicker}: a deadline passes when the test advances it, never by waiting.
 */
class DeadlineTests {

    private final FakeTicker clock = new FakeTicker();

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

    @Test
    void taskRunningLongerThanTheTimeoutShouldBeCancelledInterruptedAndCountedTimedOut() throws Exception {
        List<TaskFinished> events = new CopyOnWriteArrayList<>();
        this.pool = this.clock.install(WorkerPools.fixed("timeout", 1))
            .taskTimeout(Duration.ofMillis(200))
            .listener(new PoolListener() {
                @Override
                public void taskFinished(TaskFinished event) {
                    events.add(event);
                }
            })
            .build();
        AtomicBoolean sawCancelled = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<Object> future = this.pool.submit((context) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException ex) {
                sawCancelled.set(context.isCancelled());
                interrupted.countDown();
            }
            return null;
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        this.clock.advance(Duration.ofMillis(199));
        assertThat(interrupted.await(100, TimeUnit.MILLISECONDS)).as("not timed out before the deadline").isFalse();
        this.clock.advance(Duration.ofMillis(2));
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sawCancelled).isTrue();
        assertThat(future.isCancelled()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().timedOut() == 1);
        assertThat(events).singleElement().extracting(TaskFinished::outcome).isEqualTo(TaskOutcome.TIMED_OUT);
        assertThat(events.get(0).runTime()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void plainTaskRunningLongerThanTheTimeoutShouldBeInterrupted() {
        this.pool = this.clock.install(WorkerPools.fixed("plain-timeout", 1))
            .taskTimeout(Duration.ofMillis(200))
            .build();
        this.gate = new Gate(1);
        this.pool.execute(this.gate.task());
        this.gate.awaitStarted();
        this.clock.advance(Duration.ofMillis(201));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.gate.interrupted() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().timedOut() == 1);
        assertThat(this.pool.stats().completed()).isZero();
    }

    @Test
    void quickTaskShouldNotTimeOut() throws Exception {
        this.pool = WorkerPools.fixed("quick", 1).taskTimeout(Duration.ofSeconds(5)).build();
        assertThat(this.pool.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().completed() == 1);
        assertThat(this.pool.stats().timedOut()).isZero();
    }

    @Test
    void taskWaitingLongerThanMaxQueueWaitShouldExpireAndReachTheHandler() throws Exception {
        List<Runnable> expired = new CopyOnWriteArrayList<>();
        this.pool = this.clock.install(WorkerPools.fixed("expiry", 1))
            .maxQueueWait(Duration.ofMillis(100))
            .expiredTaskHandler((pool, task, waited) -> expired.add(task))
            .build();
        this.gate = new Gate(1);
        this.pool.execute(this.gate.task());
        this.gate.awaitStarted();
        AtomicInteger ran = new AtomicInteger();
        Runnable late = ran::incrementAndGet;
        this.pool.execute(late);
        this.clock.advance(Duration.ofMillis(101));
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().expired() == 1);
        assertThat(expired).containsExactly(late);
        assertThat(ran).hasValue(0);
    }

    @Test
    void defaultExpiredHandlerShouldLogAndCancelTheFuture() throws Exception {
        try (LogCapture log = new LogCapture("io.poolworks")) {
            this.pool = this.clock.install(WorkerPools.fixed("expiry-log", 1))
                .maxQueueWait(Duration.ofMillis(100))
                .build();
            this.gate = new Gate(1);
            this.pool.execute(this.gate.task());
            this.gate.awaitStarted();
            Future<Integer> future = this.pool.submit(() -> 1);
            this.clock.advance(Duration.ofMillis(300));
            this.gate.open();
            await().atMost(Duration.ofSeconds(5)).until(future::isCancelled);
            assertThat(log.text()).contains("WARN", "'expiry-log'", "maxQueueWait");
        }
    }

    @Test
    void everyCapabilityShouldComposeInOnePool() throws Exception {
        List<Runnable> expired = new CopyOnWriteArrayList<>();
        this.pool = WorkerPools.dynamic("everything", 0, 3)
            .queueOrder(QueueOrder.PRIORITY)
            .rateLimit(RateLimit.of(1, Duration.ofHours(1)).withBurst(5))
            .queueCapacity(20)
            .taskTimeout(Duration.ofMillis(300))
            .maxQueueWait(Duration.ofSeconds(10))
            .expiredTaskHandler((pool, task, waited) -> expired.add(task))
            .build();
        List<Integer> order = new CopyOnWriteArrayList<>();
        this.pool.tuning().pause();
        for (int priority = 0; priority < 10; priority++) {
            int p = priority;
            assertThat(this.pool.tryExecute(() -> order.add(p))).isTrue();
            this.pool.execute(() -> order.add(p), p);
        }
        assertThat(this.pool.tryExecute(() -> {
        })).as("backpressure: capacity 20 is full").isFalse();
        this.gate = new Gate(1);
        this.pool.tuning().resume();
        // The burst starts the five highest, on three workers, and nothing else starts
        // before the next token, an hour away; then a faster limit lets the rest run.
        await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 5);
        assertThat(order).containsExactlyInAnyOrder(9, 8, 7, 6, 5);
        this.pool.tuning().rateLimit(RateLimit.of(50, Duration.ofSeconds(1)).withBurst(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 20);
        this.pool.execute(this.gate.task(), 100);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().timedOut() == 1);
        PoolStats stats = this.pool.stats();
        assertThat(stats.submitted()).isEqualTo(21);
        assertThat(stats.completed()).isEqualTo(20);
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.peakWorkers()).isBetween(1, 3);
        assertThat(expired).isEmpty();
    }

}
