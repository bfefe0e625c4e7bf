package io.poolworks.conductor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.conductor.ConductorTesting.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.poolworks.conductor.ConductorTesting.cooperative;
import static io.poolworks.conductor.ConductorTesting.state;
import static io.poolworks.conductor.ConductorTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FailurePolicy#restart(Backoff)}.
 */
class ConductorRestartTests {

    @AfterEach
    void noThreadsLeak() {
        ConductorTesting.awaitNoThreads("restart-");
    }

    @Test
    void restartWhenWorkerFailsThreeTimesThenSucceedsShouldRestartWithGrowingDelaysAndStayRunning() {
        AtomicInteger runs = new AtomicInteger();
        Worker flaky = (ctx) -> {
            if (runs.incrementAndGet() <= 3) {
                throw new IllegalStateException("failure " + runs.get());
            }
            ctx.awaitStop();
        };
        RecordingListener listener = new RecordingListener();
        Backoff backoff = Backoff.exponential(Duration.ofMillis(20), Duration.ofSeconds(1))
            .withJitter(0)
            .withBudget(5, Duration.ofMinutes(1));
        Conductor conductor = Conductor.builder("restart-flaky")
            .worker("flaky", flaky, FailurePolicy.restart(backoff))
            .worker("steady", cooperative())
            .listener(listener)
            .build();
        conductor.start();
        await().until(() -> runs.get() == 4 && state(conductor, "flaky") == WorkerState.RUNNING);

        WorkerStatus flakyStatus = status(conductor, "flaky");
        assertThat(flakyStatus.restarts()).isEqualTo(3);
        assertThat(flakyStatus.lastError()).hasMessage("failure 3");
        assertThat(listener.of(ConductorEvent.WorkerRestarting.class))
            .extracting(ConductorEvent.WorkerRestarting::restart, ConductorEvent.WorkerRestarting::delay)
            .containsExactly(org.assertj.core.api.Assertions.tuple(1, Duration.ofMillis(20)),
                    org.assertj.core.api.Assertions.tuple(2, Duration.ofMillis(40)),
                    org.assertj.core.api.Assertions.tuple(3, Duration.ofMillis(80)));
        assertThat(listener.of(ConductorEvent.WorkerStarted.class))
            .filteredOn((event) -> event.worker().equals("flaky"))
            .extracting(ConductorEvent.WorkerStarted::restarts)
            .containsExactly(0, 1, 2, 3);
        assertThat(listener.of(ConductorEvent.WorkerFailed.class)).hasSize(3)
            .noneMatch(ConductorEvent.WorkerFailed::escalated);
        assertThat(state(conductor, "steady")).isEqualTo(WorkerState.RUNNING);

        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNull();
        assertThat(report.stragglers()).isEmpty();
        assertThat(report.worker("flaky").restarts()).isEqualTo(3);
        assertThat(report.worker("flaky").failures()).isEqualTo(3);
        assertThat(report.worker("flaky").state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void restartWhenBudgetIsExceededShouldEscalateToStopAll() throws Exception {
        IllegalStateException last = new IllegalStateException("always");
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50))
            .withBudget(2, Duration.ofMinutes(1));
        Conductor conductor = Conductor.builder("restart-budget").worker("hopeless", (ctx) -> {
            throw last;
        }, FailurePolicy.restart(backoff)).worker("steady", cooperative()).build();
        conductor.start();
        assertThat(conductor.awaitTermination(Duration.ofSeconds(5))).isTrue();

        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNotNull();
        assertThat(report.failure().worker()).isEqualTo("hopeless");
        assertThat(report.failure()).hasCause(last).hasMessageContaining("restart budget");
        assertThat(report.worker("hopeless").state()).isEqualTo(WorkerState.FAILED);
        assertThat(report.worker("hopeless").restarts()).isEqualTo(2);
        assertThat(report.worker("hopeless").failures()).isEqualTo(3);
        assertThat(report.worker("steady").state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void stopWhenWorkerIsBackingOffShouldStopItWithoutWaitingForTheDelay() {
        Backoff longBackoff = Backoff.exponential(Duration.ofSeconds(30), Duration.ofSeconds(30));
        Conductor conductor = Conductor.builder("restart-backoff").worker("failing", (ctx) -> {
            throw new IllegalStateException("fails once");
        }, FailurePolicy.restart(longBackoff)).shutdownTimeout(Duration.ofSeconds(5)).build();
        conductor.start();
        await().until(() -> state(conductor, "failing") == WorkerState.BACKING_OFF);
        long start = System.nanoTime();
        ConductorReport report = conductor.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(report.stragglers()).isEmpty();
        assertThat(report.worker("failing").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(report.worker("failing").restarts()).isEqualTo(1);
    }

    @Test
    void stopWhenRacingRestartsShouldAlwaysEndWithEveryWorkerStoppedAndNoThreadLeft() throws Exception {
        Backoff tiny = Backoff.exponential(Duration.ofNanos(1000), Duration.ofMillis(2))
            .withJitter(1)
            .withBudget(1_000_000, Duration.ofMinutes(1));
        for (int round = 0; round < 20; round++) {
            CountDownLatch failedOnce = new CountDownLatch(1);
            Conductor conductor = Conductor.builder("restart-race-" + round).worker("churn", (ctx) -> {
                failedOnce.countDown();
                if (ThreadLocalRandom.current().nextBoolean()) {
                    Thread.onSpinWait();
                }
                throw new StacklessException();
            }, FailurePolicy.restart(tiny))
                .worker("steady", cooperative())
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
            conductor.start();
            failedOnce.await();
            ConductorReport report = conductor.stop();
            assertThat(report.failure()).isNull();
            assertThat(report.stragglers()).isEmpty();
            assertThat(report.workers()).extracting(WorkerOutcome::state).containsOnly(WorkerState.STOPPED);
            ConductorTesting.awaitNoThreads("restart-race-" + round + "/");
        }
    }

    /** Keeps the log of thousands of restarts short. */
    static final class StacklessException extends RuntimeException {

        StacklessException() {
            super("churn", null, false, false);
        }

    }

}
