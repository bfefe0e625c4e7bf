package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.testing.Gate;
import io.poolworks.testing.PoolsUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The timed {@code invokeAll} of {@code AbstractExecutorService} makes every future
 * before it executes the first one: each future must still be run, counted and taken out
 * of the queue as itself, not as the future made last.
 */
class TimedInvokeAllTests {

    @RegisterExtension
    final PoolsUnderTest tested = new PoolsUnderTest();

    @Test
    void timedInvokeAllOnOneWorkerShouldCompleteEveryFutureWithItsOwnResult() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("timed-invoke-all", 1));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int result = i;
            tasks.add(() -> result);
        }
        List<Future<Integer>> futures = pool.invokeAll(tasks, 30, TimeUnit.SECONDS);
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> future : futures) {
            results.add(future.get());
        }
        assertThat(results).containsExactly(0, 1, 2, 3, 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().completed() == 5);
        assertThat(pool.stats().failed()).isZero();
        assertThat(pool.stats().cancelled()).isZero();
    }

    @Test
    void timedInvokeAllThatTimesOutShouldCancelAndInterruptTheTaskStillRunning() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("late-invoke-all", 2));
        Gate late = this.tested.gate(1);
        Runnable blocking = late.task();
        List<Callable<String>> tasks = List.of(() -> "done", () -> {
            blocking.run();
            return "late";
        });
        List<Future<String>> futures = pool.invokeAll(tasks, 200, TimeUnit.MILLISECONDS);
        assertThat(futures.get(0).get()).isEqualTo("done");
        assertThat(futures.get(1).isCancelled()).isTrue();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).as("the late task was interrupted or never started")
            .isTrue();
    }

    @Test
    void timedInvokeAllThatTimesOutShouldTakeEveryQueuedTaskOutOfTheQueue() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("timed-out-invoke-all", 1).queueCapacity(10));
        Gate busy = this.tested.gate(1);
        pool.execute(busy.task());
        busy.awaitStarted();
        List<Callable<String>> tasks = List.of(() -> "a", () -> "b", () -> "c");
        List<Future<String>> futures = pool.invokeAll(tasks, 200, TimeUnit.MILLISECONDS);
        assertThat(futures).allMatch(Future::isCancelled);
        PoolStats stats = pool.stats();
        assertThat(stats.queued()).as("the cancelled tasks left the queue at once").isZero();
        assertThat(stats.cancelled()).isEqualTo(3);
    }

    @Test
    void taskExecutedAfterAnInvokeAllThatTimedOutBeforeStartingShouldCountAsItsOwn() throws Exception {
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("after-invoke-all", 1));
        List<Future<String>> futures = pool.invokeAll(List.of(() -> "a", () -> "b"), 0, TimeUnit.NANOSECONDS);
        assertThat(futures).allMatch(Future::isCancelled);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().completed() == 1);
        assertThat(pool.stats().cancelled()).as("not taken for an invokeAll future").isZero();
    }

}
