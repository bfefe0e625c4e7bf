package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.poolworks.PoolSettings;
import io.poolworks.QueueOrder;
import io.poolworks.PoolStats;
import io.poolworks.RateLimit;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The token bucket on task starts: rate, burst, run-time changes, and the tasks that
 * wait.
 */
class RateLimitTests {

    private WorkerPool pool;

    @AfterEach
    void tearDown() {
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    @Test
    void startsShouldFollowTheRateAndNeverExceedBurstPlusRateInAnySecond() throws Exception {
        this.pool = WorkerPools.rateLimited("rate", 2, RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5))
            .queueCapacity(200)
            .build();
        ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(105);
        long begin = System.nanoTime();
        for (int i = 0; i < 105; i++) {
            this.pool.execute(() -> {
                starts.add(System.nanoTime());
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
        // 5 from the burst, then 100 at 20/s.
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(4_900));
        assertThat(maxStartsInAnyWindow(starts, Duration.ofSeconds(1))).isLessThanOrEqualTo(25);
        assertThat(this.pool.stats().rateLimitWaits()).isPositive();
    }

    @Test
    void rateLimitWithPriorityAndFourWorkersShouldKeepRateAndOrder() throws Exception {
        this.pool = WorkerPools.rateLimited("rate-priority", 4, RateLimit.of(20, Duration.ofSeconds(1)).withBurst(1))
            .queueOrder(QueueOrder.PRIORITY)
            .build();
        this.pool.tuning().pause();
        List<Integer> started = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
        int[] priorities = { 3, 9, 1, 7, 5, 8, 2, 6, 4, 0, 9, 1, 5, 7, 3, 2, 8, 6, 4, 0 };
        for (int priority : priorities) {
            this.pool.execute(() -> {
                starts.add(System.nanoTime());
                started.add(priority);
            }, priority);
        }
        this.pool.tuning().resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == priorities.length);
        assertThat(started).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(maxStartsInAnyWindow(starts, Duration.ofSeconds(1))).isLessThanOrEqualTo(21);
    }

    @Test
    void changingTheRateShouldApplyToTasksNotYetStarted() throws Exception {
        this.pool = WorkerPools.rateLimited("retune", 1, RateLimit.of(1, Duration.ofSeconds(10)).withBurst(1)).build();
        CountDownLatch done = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            this.pool.execute(done::countDown);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> done.getCount() == 5);
        assertThat(this.pool.stats().queued()).isEqualTo(5);
        // At 1 per 10 s the rest would take 50 s; at 1000/s they finish at once.
        this.pool.tuning().rateLimit(RateLimit.of(1_000, Duration.ofSeconds(1)));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void removingTheRateShouldReleaseWaitingTasks() throws Exception {
        this.pool = WorkerPools.rateLimited("unlimit", 2, RateLimit.of(1, Duration.ofMinutes(1)).withBurst(1)).build();
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            this.pool.execute(done::countDown);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> done.getCount() == 4);
        this.pool.tuning().rateLimit(null);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void tasksWaitingForATokenShouldCountAsQueuedAndBeCancellable() throws Exception {
        this.pool = WorkerPools.rateLimited("waiting", 1, RateLimit.of(1, Duration.ofMinutes(1)).withBurst(1)).build();
        AtomicInteger ran = new AtomicInteger();
        this.pool.execute(ran::incrementAndGet);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);
        Future<?> waiting = this.pool.submit(ran::incrementAndGet);
        assertThat(this.pool.stats().queued()).isEqualTo(1);
        assertThat(waiting.cancel(false)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().cancelled() == 1);
        assertThat(ran).hasValue(1);
    }

    @Test
    void shutdownOfARateLimitedBacklogShouldRespectTheRateAndHandBackTheRest() {
        this.pool = WorkerPools.rateLimited("backlog", 2, RateLimit.of(4, Duration.ofSeconds(1)).withBurst(1))
            .queueCapacity(100)
            .build();
        AtomicInteger ran = new AtomicInteger();
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Runnable task = ran::incrementAndGet;
            tasks.add(task);
            this.pool.execute(task);
        }
        ShutdownReport report = this.pool.shutdownGracefully(Duration.ofSeconds(1));
        // About 1 (burst) + 4 in the second of drain; never all 30.
        assertThat(ran.get()).isBetween(1, 8);
        // A task taken just as the drain ended is cancelled: neither ran nor unstarted.
        PoolStats stats = this.pool.stats();
        assertThat(stats.completed()).isEqualTo(ran.get());
        assertThat(report.unstarted()).hasSize((int) stats.unstarted());
        assertThat(stats.completed() + stats.cancelled() + stats.unstarted()).isEqualTo(30);
        assertThat(tasks).containsAll(report.unstarted());
    }

    @Test
    void shutdownOfARateLimitedBacklogThatDrainsShouldEndWithTheLastTask() {
        this.pool = WorkerPools.rateLimited("drains", 2, RateLimit.of(10, Duration.ofSeconds(1)).withBurst(1))
            .queueCapacity(100)
            .build();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 6; i++) {
            this.pool.execute(ran::incrementAndGet);
        }
        // About 0.5 s at 10/s; a worker that waited behind the token waiter must not
        // sleep on through the drain timeout once the queue is empty.
        ShutdownReport report = this.pool.shutdownGracefully(Duration.ofSeconds(10));
        assertThat(report.clean()).isTrue();
        assertThat(ran).hasValue(6);
        assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void readyBucketShouldLimitStarts() throws Exception {
        Bucket bucket = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(2).refillGreedy(1, Duration.ofMinutes(1)).build())
            .build();
        this.pool = WorkerPools.fixed("bucket", 2).rateLimit(bucket).build();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            this.pool.execute(ran::incrementAndGet);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> ran.get() == 2);
        assertThat(this.pool.stats().queued()).isEqualTo(2);
    }

    @Test
    void settingsShouldReportTheCurrentRateLimitAndTheBuiltSettings() {
        RateLimit limit = RateLimit.of(50, Duration.ofSeconds(1)).withBurst(10);
        this.pool = WorkerPools.priority("settings", 1, 2)
            .rateLimit(limit)
            .drainTimeout(Duration.ofSeconds(7))
            .terminationGrace(Duration.ofSeconds(2))
            .build();
        PoolSettings settings = this.pool.settings();
        assertThat(settings.queueOrder()).isEqualTo(QueueOrder.PRIORITY);
        assertThat(settings.rateLimit()).isEqualTo(limit);
        assertThat(settings.rateLimited()).isTrue();
        assertThat(settings.shutdownBound()).isEqualTo(Duration.ofSeconds(9));
        assertThat(settings.taskTimeout()).isNull();
        this.pool.tuning().rateLimit(null);
        assertThat(this.pool.settings().rateLimit()).isNull();
        assertThat(this.pool.settings().rateLimited()).isFalse();
        WorkerPool bucketPool = WorkerPools.fixed("bucket-settings", 1)
            .rateLimit(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofSeconds(1)).build())
                .build())
            .build();
        try {
            assertThat(bucketPool.settings().rateLimited()).isTrue();
            assertThat(bucketPool.settings().rateLimit()).isNull();
        }
        finally {
            bucketPool.shutdownNow();
        }
    }

    @Test
    void badRateLimitsShouldFailNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1)))
            .withMessage("rateLimit.permits must be >= 1 but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.of(5, Duration.ZERO))
            .withMessage("rateLimit.period must be positive but was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.of(5, Duration.ofSeconds(1)).withBurst(0))
            .withMessage("rateLimit.burst must be >= 1 but was 0");
    }

    static int maxStartsInAnyWindow(ConcurrentLinkedQueue<Long> starts, Duration window) {
        List<Long> sorted = new ArrayList<>(starts);
        sorted.sort(Long::compare);
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= window.toNanos()) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

}
