package io.poolworks.conductor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.poolworks.conductor.ConductorTesting.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.poolworks.conductor.ConductorTesting.cooperative;
import static io.poolworks.conductor.ConductorTesting.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for stopping a {@link Conductor}.
 */
class ConductorStopTests {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void noThreadsLeak() {
        this.release.countDown();
        ConductorTesting.awaitNoThreads("stop-");
    }

    @Test
    void stopWhenThreeWorkersCooperateShouldStopAllCleanlyAndLogInOrder() {
        Conductor conductor = Conductor.builder("stop-three")
            .worker("a", cooperative())
            .worker("b", cooperative())
            .worker("c", cooperative())
            .shutdownTimeout(Duration.ofSeconds(5))
            .build();
        try (LogCapture logs = new LogCapture()) {
            conductor.start();
            await().until(() -> conductor.status().stream().allMatch((s) -> s.state() == WorkerState.RUNNING));
            ConductorReport report = conductor.stop();

            assertThat(report.clean()).isTrue();
            assertThat(report.stragglers()).isEmpty();
            assertThat(report.failures()).isEmpty();
            assertThat(report.failure()).isNull();
            assertThat(report.workers()).extracting(WorkerOutcome::name).containsExactly("a", "b", "c");
            assertThat(report.workers()).allSatisfy((outcome) -> {
                assertThat(outcome.stoppedInTime()).isTrue();
                assertThat(outcome.state()).isEqualTo(WorkerState.STOPPED);
            });
            assertThat(conductor.status()).extracting(WorkerStatus::state).containsOnly(WorkerState.STOPPED);

            List<String> messages = logs.messages();
            assertThat(messages.get(0)).startsWith("Conductor 'stop-three' starting 3 worker(s): [a, b, c]");
            int stopping = indexOf(messages, "Conductor 'stop-three' stopping 3 worker(s)");
            assertThat(messages.subList(1, stopping)).containsExactlyInAnyOrder("Worker 'stop-three/a' running",
                    "Worker 'stop-three/b' running", "Worker 'stop-three/c' running");
            assertThat(messages.subList(stopping + 1, messages.size() - 1)).containsExactlyInAnyOrder(
                    "Worker 'stop-three/a' stopped", "Worker 'stop-three/b' stopped", "Worker 'stop-three/c' stopped");
            assertThat(messages.get(messages.size() - 1)).startsWith("Conductor 'stop-three' stopped in")
                .endsWith("all workers stopped cleanly");
        }
    }

    @Test
    void stopWhenOneWorkerIgnoresStopShouldReturnAfterTimeoutAndNameIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Duration timeout = Duration.ofMillis(400);
        Conductor conductor = Conductor.builder("stop-straggler")
            .worker("a", cooperative())
            .worker("stubborn", ConductorTesting.stubborn(entered, this.release))
            .worker("c", cooperative())
            .shutdownTimeout(timeout)
            .build();
        conductor.start();
        entered.await();
        long start = System.nanoTime();
        ConductorReport report = conductor.stop();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(2));
        assertThat(report.elapsed()).isGreaterThanOrEqualTo(timeout);
        assertThat(report.stragglers()).containsExactly("stubborn");
        assertThat(report.clean()).isFalse();
        assertThat(report.worker("stubborn").state()).isEqualTo(WorkerState.RUNNING);
        assertThat(report.worker("a").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(report.worker("c").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(ConductorTesting.liveThreads("stop-straggler/")).containsExactly("stop-straggler/stubborn");

        this.release.countDown();
        await().until(() -> state(conductor, "stubborn") == WorkerState.STOPPED);
    }

    @Test
    void stopWhenCalledTwiceOrConcurrentlyShouldReturnTheSameReport() throws Exception {
        Conductor conductor = Conductor.builder("stop-twice").worker("a", cooperative()).build();
        conductor.start();
        ConductorReport[] fromOtherThread = new ConductorReport[1];
        Thread other = new Thread(() -> fromOtherThread[0] = conductor.stop(), "stop-twice-caller");
        other.start();
        ConductorReport report = conductor.stop();
        other.join();
        assertThat(fromOtherThread[0]).isSameAs(report);
        assertThat(conductor.stop()).isSameAs(report);
        assertThat(conductor.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void stopWhenNeverStartedShouldReturnCleanReportOfNewWorkers() throws Exception {
        Conductor conductor = Conductor.builder("stop-new").worker("a", cooperative()).build();
        assertThat(conductor.status()).extracting(WorkerStatus::state).containsExactly(WorkerState.NEW);
        ConductorReport report = conductor.stop();
        assertThat(report.clean()).isTrue();
        assertThat(report.worker("a").state()).isEqualTo(WorkerState.NEW);
        assertThat(conductor.awaitTermination(Duration.ofMillis(1))).isFalse();
    }

    @Test
    void startWhenRunningShouldThrowAndWhenTerminatedShouldStartAFreshRun() {
        Conductor conductor = Conductor.builder("stop-restart").worker("a", cooperative()).build();
        conductor.start();
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
            .isThrownBy(conductor::start)
            .withMessage("Conductor 'stop-restart' is already running");
        conductor.stop();
        conductor.start();
        await().until(() -> state(conductor, "a") == WorkerState.RUNNING);
        assertThat(conductor.stop().clean()).isTrue();
    }

    @Test
    void stopWhenTimeoutIsZeroShouldNotWait() {
        CountDownLatch entered = new CountDownLatch(1);
        Conductor conductor = Conductor.builder("stop-zero")
            .worker("stubborn", ConductorTesting.stubborn(entered, this.release))
            .shutdownTimeout(Duration.ZERO)
            .build();
        conductor.start();
        await().until(() -> entered.getCount() == 0);
        ConductorReport report = conductor.stop();
        assertThat(report.stragglers()).containsExactly("stubborn");
    }

    private static int indexOf(List<String> messages, String prefix) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("No message starting with " + prefix + " in " + messages);
    }

}
