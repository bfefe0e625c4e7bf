package io.poolworks.functional;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.poolworks.FakeTicker;
import io.poolworks.Prioritized;
import io.poolworks.QueueOrder;
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
 * {@link QueueOrder#PRIORITY}: higher first, stable among equals, bounded like FIFO.
 */
class PriorityTests {

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

    private WorkerPool blockedPool(WorkerPool.Builder builder) {
        this.pool = builder.build();
        this.gate = new Gate(1);
        this.pool.execute(this.gate.task(), Integer.MAX_VALUE);
        this.gate.awaitStarted();
        return this.pool;
    }

    @Test
    void queuedTasksShouldRunByPriorityAndInSubmissionOrderAmongEquals() {
        WorkerPool pool = blockedPool(WorkerPools.fixed("priority", 1).queueOrder(QueueOrder.PRIORITY));
        List<String> order = new CopyOnWriteArrayList<>();
        int[] priorities = { 1, 5, 2, 10, 3, 7, 1 };
        for (int i = 0; i < priorities.length; i++) {
            String label = priorities[i] + "#" + i;
            pool.execute(() -> order.add(label), priorities[i]);
        }
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == priorities.length);
        assertThat(order).containsExactly("10#3", "7#5", "5#1", "3#4", "2#2", "1#0", "1#6");
    }

    @Test
    void prioritizedTasksAndCallablesShouldCarryTheirOwnPriority() throws Exception {
        WorkerPool pool = blockedPool(WorkerPools.priority("own", 1, 1));
        List<String> order = new CopyOnWriteArrayList<>();
        pool.execute(() -> order.add("plain"));
        pool.execute(new Labelled("high", 9, order));
        pool.submit(new PrioritizedCall("medium", 5, order));
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 3);
        assertThat(order).containsExactly("high", "medium", "plain");
    }

    @Test
    void decoratedTaskShouldKeepThePriorityOfTheSubmittedTask() {
        WorkerPool pool = blockedPool(WorkerPools.priority("decorated", 1, 1).taskDecorator((task) -> task::run));
        List<String> order = new CopyOnWriteArrayList<>();
        pool.execute(new Labelled("low", 1, order));
        pool.execute(new Labelled("high", 2, order));
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 2);
        assertThat(order).containsExactly("high", "low");
    }

    @Test
    void fullPriorityQueueShouldRejectWhateverThePriority() {
        WorkerPool pool = blockedPool(WorkerPools.fixed("bounded", 1).queueOrder(QueueOrder.PRIORITY).queueCapacity(3));
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
            }, 0);
        }
        assertThatExceptionOfType(RejectedTaskException.class).isThrownBy(() -> pool.execute(() -> {
        }, 1_000)).satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectionReason.QUEUE_FULL));
        assertThat(pool.tryExecute(() -> {
        })).isFalse();
        assertThat(pool.stats().queued()).isEqualTo(3);
    }

    @Test
    void fullPriorityQueueShouldRunInTheCallerUnderCallerRuns() {
        WorkerPool pool = blockedPool(WorkerPools.fixed("callerruns", 1)
            .queueOrder(QueueOrder.PRIORITY)
            .queueCapacity(1)
            .saturationPolicy(SaturationPolicy.CALLER_RUNS));
        pool.execute(() -> {
        }, 0);
        Thread[] runner = new Thread[1];
        pool.execute(() -> runner[0] = Thread.currentThread(), 5);
        assertThat(runner[0]).isSameAs(Thread.currentThread());
    }

    @Test
    void agingShouldLetALongWaitingLowPriorityOvertakeNewerHighOnes() throws Exception {
        FakeTicker clock = new FakeTicker();
        WorkerPool pool = blockedPool(clock.install(WorkerPools.fixed("aging", 1))
            .queueOrder(QueueOrder.PRIORITY)
            .priorityAging(Duration.ofMillis(100)));
        List<String> order = new CopyOnWriteArrayList<>();
        pool.execute(() -> order.add("old-low"), 0);
        // Three aging intervals lift the old task above a newer one two levels up.
        clock.advance(Duration.ofMillis(300));
        pool.execute(() -> order.add("new-high"), 2);
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 2);
        assertThat(order).containsExactly("old-low", "new-high");
    }

    @Test
    void withoutAgingNewerHighPriorityShouldRunFirst() {
        WorkerPool pool = blockedPool(WorkerPools.fixed("noaging", 1).queueOrder(QueueOrder.PRIORITY));
        List<String> order = new CopyOnWriteArrayList<>();
        pool.execute(() -> order.add("old-low"), 0);
        pool.execute(() -> order.add("new-high"), 2);
        this.gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 2);
        assertThat(order).containsExactly("new-high", "old-low");
    }

    @Test
    void shutdownShouldHandBackUnstartedTasksInPriorityOrder() {
        WorkerPool pool = blockedPool(WorkerPools.fixed("handback", 1).queueOrder(QueueOrder.PRIORITY));
        Runnable low = () -> {
        };
        Runnable high = () -> {
        };
        pool.execute(low, 1);
        pool.execute(high, 9);
        assertThat(pool.shutdownGracefully(Duration.ZERO).unstarted()).containsExactly(high, low);
    }

    @Test
    void priorityAgingWithFifoOrderShouldFailClearly() {
        assertThat(org.assertj.core.api.Assertions
            .catchThrowable(() -> WorkerPool.builder("fifo").priorityAging(Duration.ofSeconds(1)).build()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("priorityAging needs queueOrder PRIORITY")
            .hasMessageContaining("'fifo'");
    }

    record Labelled(String label, int priority, List<String> order) implements Runnable, Prioritized {

        @Override
        public void run() {
            this.order.add(this.label);
        }

    }

    record PrioritizedCall(String label, int priority,
            List<String> order) implements java.util.concurrent.Callable<String>, Prioritized {

        @Override
        public String call() {
            this.order.add(this.label);
            return this.label;
        }

    }

}
