package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.poolworks.AdaptiveLimit;
import io.poolworks.AdaptiveLimit.Algorithm;
import io.poolworks.FakeTicker;
import io.poolworks.OverloadedException;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.ScriptedLimit;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.testing.Gate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool with an adaptive limit gates how many tasks run at once at the limit L, keeps
 * its queue bound exact, starts no worker L would keep idle, lets workers beyond L idle
 * out, wakes and staffs when L grows, learns only from completed tasks and drops, and
 * keeps every other feature working. A {@link ScriptedLimit} moves L on cue; a
 * {@link FakeTicker} makes every run time equal, so that no window looks overloaded by
 * chance.
 */
class AdaptiveLimitTests {

    private final FakeTicker clock = new FakeTicker();

    private final ScriptedLimit limit = new ScriptedLimit();

    private final List<Gate> gates = new ArrayList<>();

    private WorkerPool pool;

    @AfterEach
    void tearDown() {
        this.gates.forEach(Gate::open);
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    private WorkerPool.Builder builder(String name, int initial, int min, int max) {
        WorkerPool.Builder builder = WorkerPool.builder(name)
            .minWorkers(0)
            .maxWorkers(16)
            .queueCapacity(100)
            .adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2).withInitial(initial).withMin(min).withMax(max));
        return this.limit.install(this.clock.install(builder));
    }

    private Gate gate(int starts) {
        Gate gate = new Gate(starts);
        this.gates.add(gate);
        return gate;
    }

    @Test
    void poolShouldRunNoMoreTasksAtOnceThanTheLimitAndStartNoWorkerTheLimitWouldKeepIdle() {
        this.pool = builder("gated", 3, 1, 16).build();
        Gate gate = gate(3);
        for (int i = 0; i < 20; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        assertThat(this.pool.stats().running()).isEqualTo(3);
        assertThat(this.pool.stats().queued()).isEqualTo(17);
        assertThat(this.pool.stats().workers()).isEqualTo(3);
        assertThat(this.pool.stats().adaptiveLimit()).isEqualTo(3);
        gate.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().completed() == 20);
        assertThat(gate.maxRunning()).isEqualTo(3);
    }

    @Test
    void queueBoundShouldStayExactWhenTheLimitKeepsFreeWorkersFromStarting() {
        this.pool = builder("bounded", 2, 1, 16).queueCapacity(2).build();
        Gate gate = gate(2);
        this.pool.execute(gate.task());
        this.pool.execute(gate.task());
        gate.awaitStarted();
        assertThat(this.pool.tryExecute(gate.task())).isTrue();
        assertThat(this.pool.tryExecute(gate.task())).isTrue();
        assertThat(this.pool.stats().remainingCapacity()).isZero();
        assertThat(this.pool.tryExecute(gate.task())).isFalse();
        assertThat(this.pool.stats().queued()).isEqualTo(2);
        assertThat(this.pool.stats().workers()).isEqualTo(2);
        assertThat(this.pool.stats().rejected()).isEqualTo(1);
    }

    @Test
    void pinningShouldMoveTheLimitAtOnceAndUnpinningShouldAdaptFromThePinnedValue() {
        this.pool = builder("pinned", 2, 2, 8).build();
        Gate gate = gate(2);
        for (int i = 0; i < 10; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        this.pool.tuning().update((change) -> change.adaptiveLimit(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().running() == 5);
        assertThat(this.pool.stats().adaptiveLimit()).isEqualTo(5);
        assertThat(this.pool.stats().workers()).isEqualTo(5);
        assertThat(this.pool.settings().adaptiveLimitPinned()).isEqualTo(5);
        this.pool.tuning().update((change) -> change.adaptiveLimit(null));
        assertThat(this.pool.settings().adaptiveLimitPinned()).isNull();
        assertThat(this.pool.stats().adaptiveLimit()).isEqualTo(5);
        gate.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().completed() == 10);
    }

    @Test
    void growingLimitShouldWakeIdleWorkersAndStartTheWorkersQueuedTasksNeed() {
        this.pool = builder("growing", 2, 1, 8).build();
        this.limit.propose(6);
        // Ten quick tasks close the first window (L = 2 meanwhile); the blockers queue
        // behind them and need the grown limit, and workers nobody submits for.
        Gate gate = gate(6);
        for (int i = 0; i < 10; i++) {
            this.pool.execute(() -> {
            });
        }
        for (int i = 0; i < 6; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        assertThat(this.pool.stats().running()).isEqualTo(6);
        assertThat(this.pool.stats().adaptiveLimit()).isEqualTo(6);
        assertThat(this.limit.windows()).isEqualTo(1);
    }

    @Test
    void workersBeyondTheLimitShouldIdleOutWhileTasksWaitForIt() {
        this.pool = builder("idling", 6, 1, 8).idleTimeout(Duration.ofSeconds(10)).build();
        Gate first = gate(6);
        for (int i = 0; i < 6; i++) {
            this.pool.execute(first.task());
        }
        first.awaitStarted();
        this.pool.tuning().update((change) -> change.adaptiveLimit(2));
        Gate second = gate(2);
        for (int i = 0; i < 4; i++) {
            this.pool.execute(second.task());
        }
        first.open();
        second.awaitStarted();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().idleWorkers() == 4);
        assertThat(this.pool.stats().queued()).isEqualTo(2);
        this.clock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().workers() == 2);
        assertThat(this.pool.stats().queued()).isEqualTo(2);
        assertThat(this.pool.stats().running()).isEqualTo(2);
    }

    @Test
    void overloadedTasksShouldCutTheLimitAndOtherFailuresShouldTeachItNothing() throws Exception {
        Logger poolLogger = (Logger) LoggerFactory.getLogger(WorkerPool.class);
        Level level = poolLogger.getLevel();
        poolLogger.setLevel(Level.OFF);
        try {
            this.pool = builder("drops", 8, 1, 8).maxWorkers(8).build();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(this.pool.submit(() -> {
                    throw new IllegalStateException("not about load");
                }));
            }
            awaitAll(futures);
            assertThat(this.pool.stats().adaptiveLimit()).isEqualTo(8);
            assertThat(this.limit.windows()).isZero();
            for (int i = 0; i < 5; i++) {
                this.pool.execute(() -> {
                    throw new OverloadedException("429");
                });
                futures.add(this.pool.submit(() -> {
                    throw new IllegalStateException("wrapped", new OverloadedException("503"));
                }));
            }
            awaitAll(futures);
            // One window of ten drops: one cut, to 0.9 × 8; the algorithm is not fed.
            await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().adaptiveLimit() == 7);
            assertThat(this.pool.stats().failed()).isEqualTo(20);
            assertThat(this.limit.windows()).isZero();
        }
        finally {
            poolLogger.setLevel(level);
        }
    }

    @Test
    void timedOutTasksShouldCountAsDrops() {
        this.pool = builder("timeouts", 8, 1, 8).maxWorkers(8).taskTimeout(Duration.ofSeconds(1)).build();
        Gate gate = gate(8);
        for (int i = 0; i < 10; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        this.clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().timedOut() == 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().running() == 2);
        this.clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().adaptiveLimit() == 7);
        assertThat(this.pool.stats().timedOut()).isEqualTo(10);
        assertThat(this.limit.windows()).isZero();
    }

    @Test
    void priorityOrderShouldHoldBehindTheLimit() throws Exception {
        this.pool = builder("priority", 1, 1, 16).queueOrder(QueueOrder.PRIORITY).build();
        Gate gate = gate(1);
        this.pool.execute(gate.task());
        gate.awaitStarted();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        for (int priority : new int[] { 1, 5, 3, 9, 0 }) {
            this.pool.execute(() -> {
                order.add(priority);
                done.countDown();
            }, priority);
        }
        assertThat(this.pool.stats().workers()).isEqualTo(1);
        gate.open();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(9, 5, 3, 1, 0);
    }

    @Test
    void tasksWaitingForTheLimitShouldTakeNoRateLimitPermit() throws Exception {
        // Three idle workers wait for the limit while tasks queue: they must not take
        // permits.
        this.pool = builder("rated", 1, 1, 16).minWorkers(4).rateLimit(RateLimit.of(4, Duration.ofSeconds(1))).build();
        Gate gate = gate(1);
        this.pool.execute(gate.task());
        gate.awaitStarted();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            this.pool.execute(done::countDown);
        }
        assertThat(this.pool.stats().rateLimitWaits()).isZero();
        gate.open();
        // The blocker took one token of four; the three others are still there, although
        // the clock never moves.
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch next = new CountDownLatch(1);
        this.pool.execute(next::countDown);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().rateLimitWaits() >= 1);
        assertThat(next.getCount()).isEqualTo(1);
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void gracefulShutdownShouldDrainTheQueueAtTheLimit() {
        this.pool = builder("drain", 2, 1, 16).build();
        Gate gate = gate(2);
        for (int i = 0; i < 2; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        for (int i = 0; i < 8; i++) {
            this.pool.execute(() -> {
            });
        }
        gate.open();
        ShutdownReport report = this.pool.shutdownGracefully(Duration.ofSeconds(30));
        assertThat(report.clean()).isTrue();
        assertThat(report.unstarted()).isEmpty();
        assertThat(this.pool.stats().completed()).isEqualTo(10);
        assertThat(this.pool.stats().running()).isZero();
    }

    @Test
    void shutdownNowShouldHandBackWhatWaitedForTheLimit() {
        this.pool = builder("stop", 2, 1, 16).build();
        Gate gate = gate(2);
        List<Runnable> waiting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        for (int i = 0; i < 5; i++) {
            Runnable task = () -> {
            };
            waiting.add(task);
            this.pool.execute(task);
        }
        assertThat(this.pool.shutdownNow()).containsExactlyElementsOf(waiting);
        await().atMost(Duration.ofSeconds(10)).until(this.pool::isTerminated);
        assertThat(this.pool.stats().cancelled()).isEqualTo(2);
    }

    @Test
    void poolWithoutAnAdaptiveLimitShouldReportZero() {
        this.pool = WorkerPool.builder("plain").build();
        assertThat(this.pool.stats().adaptiveLimit()).isZero();
        assertThat(this.pool.settings().adaptiveLimit()).isNull();
        assertThat(this.pool.settings().adaptiveLimitPinned()).isNull();
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            try {
                future.get(10, TimeUnit.SECONDS);
            }
            catch (java.util.concurrent.ExecutionException ex) {
                // Expected: they fail on purpose.
            }
        }
    }

}
