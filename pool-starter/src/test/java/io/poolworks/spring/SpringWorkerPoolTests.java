package io.poolworks.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.poolworks.WorkerPool;
import io.poolworks.spring.testing.Blocker;
import io.poolworks.spring.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SpringWorkerPool}: Spring's executor and scheduler interfaces served
 * by a real pool.
 */
class SpringWorkerPoolTests {

    private final SpringWorkerPool pool = SpringWorkerPool
        .of(WorkerPool.builder("face").minWorkers(1).maxWorkers(1).queueCapacity(10).build());

    @AfterEach
    void shutDown() {
        this.pool.shutdownNow();
    }

    @Test
    void ofWhenGivenASpringWorkerPoolShouldReturnIt() {
        assertThat(SpringWorkerPool.of(this.pool)).isSameAs(this.pool);
    }

    @Test
    void submitCompletableShouldRunOnThePoolAndCompleteTheFuture() throws Exception {
        CompletableFuture<String> thread = this.pool.submitCompletable(() -> Thread.currentThread().getName());
        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("face-");
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().completed() == 1);
    }

    @Test
    void submitCompletableWhenTheTaskThrowsShouldFailTheFutureAndCountAsFailed() {
        CompletableFuture<String> future = this.pool.submitCompletable(() -> {
            throw new IllegalStateException("boom");
        });
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS))
            .withCauseInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().failed() == 1);
        assertThat(this.pool.stats().completed()).isZero();
    }

    @Test
    void submitCompletableWhenCancelledBeforeItStartsShouldNeverRun() {
        Blocker blocker = new Blocker();
        this.pool.execute(blocker);
        blocker.awaitStarted();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> future = this.pool.submitCompletable(runs::incrementAndGet);
        assertThat(future.cancel(false)).isTrue();
        blocker.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().cancelled() == 1);
        assertThat(runs).hasValue(0);
    }

    @Test
    void fixedRateScheduleShouldStartEveryRunOnThePool() {
        List<String> threads = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> schedule = this.pool.scheduleAtFixedRate(() -> threads.add(Thread.currentThread().getName()),
                Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() >= 3);
        schedule.cancel(false);
        assertThat(threads).allMatch((name) -> name.startsWith("face-"));
        assertThat(this.pool.stats().completed()).isGreaterThanOrEqualTo(3);
        assertThat(schedule.isCancelled()).isTrue();
    }

    @Test
    void fixedDelayScheduleShouldNeverOverlapItsRuns() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        SpringWorkerPool wide = SpringWorkerPool.of(WorkerPool.builder("wide").maxWorkers(4).build());
        try {
            ScheduledFuture<?> schedule = wide.scheduleWithFixedDelay(() -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                Thread.onSpinWait();
                running.decrementAndGet();
                runs.incrementAndGet();
            }, Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 20);
            schedule.cancel(false);
            assertThat(overlaps).hasValue(0);
        }
        finally {
            wide.shutdownNow();
        }
    }

    @Test
    void oneTimeScheduleShouldRunOnceAndCompleteItsFuture() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> once = this.pool.schedule(runs::incrementAndGet, Instant.now().plusMillis(10));
        once.get(10, TimeUnit.SECONDS);
        assertThat(runs).hasValue(1);
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void oneTimeScheduleWhenTheTaskThrowsShouldFailItsFutureAndCountAsFailed() {
        ScheduledFuture<?> once = this.pool.schedule(() -> {
            throw new IllegalStateException("boom");
        }, Instant.now());
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> once.get(10, TimeUnit.SECONDS))
            .withCauseInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.stats().failed() == 1);
    }

    @Test
    void scheduleWhenThePoolShutsDownShouldEnd() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> schedule = this.pool.scheduleAtFixedRate(runs::incrementAndGet, Duration.ofMillis(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);
        this.pool.shutdownGracefully();
        assertThat(schedule.isDone()).isTrue();
        // The timer thread ends just after its executor was shut down.
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("face-scheduler"));
    }

    @Test
    void runWhenThePoolIsFullShouldBeSkippedWithAWarn() {
        SpringWorkerPool full = SpringWorkerPool
            .of(WorkerPool.builder("full").minWorkers(1).maxWorkers(1).queueCapacity(0).build());
        Blocker blocker = new Blocker();
        try (LogCapture log = LogCapture.of(SpringWorkerPool.class)) {
            full.execute(blocker);
            blocker.awaitStarted();
            AtomicInteger runs = new AtomicInteger();
            ScheduledFuture<?> schedule = full.scheduleAtFixedRate(runs::incrementAndGet, Duration.ofMillis(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.messages(Level.WARN).isEmpty());
            assertThat(log.messages(Level.WARN).get(0)).startsWith("Pool 'full' was full when")
                .endsWith("was due; this run is skipped");
            blocker.release();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);
            schedule.cancel(false);
        }
        finally {
            blocker.release();
            full.shutdownNow();
        }
    }

}
