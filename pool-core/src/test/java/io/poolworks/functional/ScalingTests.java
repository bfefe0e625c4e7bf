package io.poolworks.functional;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.testing.Gate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dynamic sizing: workers start when tasks wait, retire when idle, and follow a resize.
 */
class ScalingTests {

    private WorkerPool pool;

    private final Set<Gate> gates = ConcurrentHashMap.newKeySet();

    @AfterEach
    void tearDown() {
        this.gates.forEach(Gate::open);
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    private Gate gate(int starts) {
        Gate gate = new Gate(starts);
        this.gates.add(gate);
        return gate;
    }

    @Test
    void buildShouldStartMinWorkers() {
        this.pool = WorkerPool.builder("prestart").minWorkers(3).maxWorkers(5).threadNamePrefix("pre-").build();
        assertThat(this.pool.stats().workers()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().idleWorkers() == 3);
        assertThat(Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith("pre-")))
            .hasSize(3);
    }

    @Test
    void executeWhenNoWorkerIsIdleShouldStartAWorkerBeforeReturning() {
        this.pool = WorkerPools.dynamic("grow", 1, 4).build();
        Gate gate = gate(2);
        this.pool.execute(gate.task());
        this.pool.execute(gate.task());
        // The second worker is started by execute itself, not by a ticker later on.
        assertThat(this.pool.stats().workers()).isEqualTo(2);
        gate.awaitStarted();
        assertThat(this.pool.stats().activeWorkers()).isEqualTo(2);
    }

    @Test
    void executeWhenAWorkerIsIdleShouldNotStartAnother() throws Exception {
        this.pool = WorkerPools.dynamic("reuse", 1, 4).build();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().idleWorkers() == 1);
        CountDownLatch ran = new CountDownLatch(1);
        this.pool.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(this.pool.stats().peakWorkers()).isEqualTo(1);
    }

    @Test
    void burstOfLongTasksShouldRunAllAtOnceUpToMaxWorkers() {
        int burst = 8;
        this.pool = WorkerPools.dynamic("burst", 0, burst).queueCapacity(0).build();
        Gate gate = gate(burst);
        for (int i = 0; i < burst; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        assertThat(gate.maxRunning()).isEqualTo(burst);
        assertThat(this.pool.stats().workers()).isEqualTo(burst);
    }

    @Test
    void tasksBeyondMaxWorkersShouldWaitInTheQueue() {
        this.pool = WorkerPools.dynamic("cap", 0, 2).queueCapacity(10).build();
        Gate gate = gate(2);
        for (int i = 0; i < 5; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        PoolStats stats = this.pool.stats();
        assertThat(stats.workers()).isEqualTo(2);
        assertThat(stats.queued()).isEqualTo(3);
        assertThat(stats.running()).isEqualTo(2);
    }

    @Test
    void workersAboveMinShouldRetireAfterIdleTimeoutAndMinShouldStay() {
        this.pool = WorkerPools.dynamic("shrink", 1, 4).idleTimeout(Duration.ofMillis(200)).build();
        Gate gate = gate(4);
        for (int i = 0; i < 4; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        assertThat(this.pool.stats().workers()).isEqualTo(4);
        gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().workers() == 1);
        await().during(Duration.ofMillis(700))
            .atMost(Duration.ofSeconds(2))
            .until(() -> this.pool.stats().workers() == 1);
    }

    @Test
    void idleWorkerShouldStayWhileBelowIdleTimeout() {
        this.pool = WorkerPools.dynamic("stay", 0, 2).idleTimeout(Duration.ofSeconds(30)).build();
        Gate gate = gate(2);
        this.pool.execute(gate.task());
        this.pool.execute(gate.task());
        gate.awaitStarted();
        gate.open();
        await().during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(2))
            .until(() -> this.pool.stats().workers() == 2);
    }

    @Test
    void resizeUpShouldStartWorkersForQueuedTasks() {
        this.pool = WorkerPools.dynamic("up", 1, 1).queueCapacity(10).build();
        Gate gate = gate(3);
        for (int i = 0; i < 3; i++) {
            this.pool.execute(gate.task());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().running() == 1);
        assertThat(this.pool.stats().queued()).isEqualTo(2);
        this.pool.tuning().resize(1, 3);
        gate.awaitStarted();
        assertThat(gate.maxRunning()).isEqualTo(3);
        assertThat(this.pool.stats().maxWorkers()).isEqualTo(3);
    }

    @Test
    void resizeUpOfMinShouldStartWorkersAtOnce() {
        this.pool = WorkerPools.dynamic("minup", 0, 4).build();
        this.pool.tuning().resize(3, 4);
        assertThat(this.pool.stats().workers()).isEqualTo(3);
    }

    @Test
    void resizeDownShouldRetireWorkersAsTheyFinish() {
        this.pool = WorkerPools.fixed("down", 4).queueCapacity(100).build();
        Gate first = gate(4);
        for (int i = 0; i < 4; i++) {
            this.pool.execute(first.task());
        }
        first.awaitStarted();
        this.pool.tuning().resize(1, 1);
        Gate second = gate(4);
        for (int i = 0; i < 4; i++) {
            this.pool.execute(second.task());
        }
        first.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().workers() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().running() == 1);
        assertThat(second.maxRunning()).isEqualTo(1);
        second.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().completed() == 8);
        assertThat(second.maxRunning()).isEqualTo(1);
    }

    @Test
    void pauseShouldHoldQueuedTasksUntilResume() throws Exception {
        this.pool = WorkerPools.dynamic("pause", 1, 2).queueCapacity(2).build();
        this.pool.tuning().pause();
        assertThat(this.pool.stats().state()).isEqualTo(PoolState.PAUSED);
        CountDownLatch ran = new CountDownLatch(2);
        assertThat(this.pool.tryExecute(ran::countDown)).isTrue();
        assertThat(this.pool.tryExecute(ran::countDown)).isTrue();
        assertThat(this.pool.tryExecute(ran::countDown)).as("queue of 2 is full while paused").isFalse();
        assertThat(ran.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(this.pool.stats().queued()).isEqualTo(2);
        this.pool.tuning().resume();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(this.pool.stats().state()).isEqualTo(PoolState.RUNNING);
    }

    @Test
    void queueCapacityShouldChangeAtRunTimeWithoutDroppingQueuedTasks() {
        this.pool = WorkerPools.fixed("capacity", 1).queueCapacity(4).build();
        Gate gate = gate(1);
        for (int i = 0; i < 5; i++) {
            this.pool.execute(gate.task());
        }
        gate.awaitStarted();
        this.pool.tuning().queueCapacity(2);
        assertThat(this.pool.stats().queued()).isEqualTo(4);
        assertThat(this.pool.tryExecute(() -> {
        })).isFalse();
        this.pool.tuning().queueCapacity(10);
        assertThat(this.pool.tryExecute(() -> {
        })).isTrue();
        gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().completed() == 6);
    }

}
