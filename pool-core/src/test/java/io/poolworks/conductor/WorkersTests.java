package io.poolworks.conductor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.poolworks.conductor.ConductorTesting.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@link Workers} adapters.
 */
class WorkersTests {

    @AfterEach
    void noThreadsLeak() {
        ConductorTesting.awaitNoThreads("workers-");
    }

    @Test
    void fromServiceWhenStoppedShouldCallStopFromAnotherThreadAndWaitForIt() {
        FakeServer server = new FakeServer();
        Conductor conductor = Conductor.builder("workers-service")
            .worker("http", Workers.fromService(server::serve, server::shutdown))
            .build();
        conductor.start();
        await().until(() -> server.serving.getCount() == 0);
        ConductorReport report = conductor.stop();

        assertThat(report.clean()).isTrue();
        assertThat(report.worker("http").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(server.stopThreads).containsExactly("workers-service/http/stop");
        assertThat(server.drained.getCount()).as("the graceful stop finished before the worker ended").isZero();
    }

    @Test
    void fromServiceWhenStartThrowsAfterStopShouldNotCountAsFailure() {
        CountDownLatch closed = new CountDownLatch(1);
        Conductor conductor = Conductor.builder("workers-closed").worker("http", Workers.fromService(() -> {
            awaitUninterruptibly(closed);
            throw new IllegalStateException("server closed");
        }, closed::countDown)).build();
        conductor.start();
        await().until(() -> state(conductor, "http") == WorkerState.RUNNING);
        ConductorReport report = conductor.stop();
        assertThat(report.clean()).isTrue();
    }

    @Test
    void fromServiceWhenStartReturnsByItselfShouldCompleteWithoutCallingStop() {
        AtomicInteger stops = new AtomicInteger();
        Conductor conductor = Conductor.builder("workers-selfstop").worker("job", Workers.fromService(() -> {
        }, stops::incrementAndGet)).worker("steady", ConductorTesting.cooperative()).build();
        conductor.start();
        await().until(() -> state(conductor, "job") == WorkerState.COMPLETED);
        conductor.stop();
        assertThat(stops).hasValue(0);
    }

    @Test
    void fromServiceWhenStopThrowsShouldRecordTheFailure() {
        CountDownLatch closed = new CountDownLatch(1);
        Conductor conductor = Conductor.builder("workers-badstop")
            .worker("http", Workers.fromService(() -> awaitUninterruptibly(closed), () -> {
                closed.countDown();
                throw new IllegalStateException("could not drain");
            }))
            .build();
        conductor.start();
        await().until(() -> state(conductor, "http") == WorkerState.RUNNING);
        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNull();
        assertThat(report.failures()).containsOnlyKeys("http");
        assertThat(report.failures().get("http")).hasMessage("could not drain");
    }

    @Test
    void ofWhenActionBlocksShouldBeStoppedByInterruption() {
        CountDownLatch never = new CountDownLatch(1);
        Conductor conductor = Conductor.builder("workers-of").worker("blocking", Workers.of(never::await)).build();
        conductor.start();
        await().until(() -> state(conductor, "blocking") == WorkerState.RUNNING);
        ConductorReport report = conductor.stop();
        assertThat(report.clean()).isTrue();
        assertThat(report.worker("blocking").state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void repeatingWhenRunningShouldRepeatUntilStopped() {
        AtomicInteger runs = new AtomicInteger();
        Conductor conductor = Conductor.builder("workers-repeat")
            .worker("tick", Workers.repeating(Duration.ofMillis(5), runs::incrementAndGet))
            .build();
        conductor.start();
        await().until(() -> runs.get() >= 3);
        ConductorReport report = conductor.stop();
        assertThat(report.clean()).isTrue();
        int afterStop = runs.get();
        assertThat(conductor.status()).extracting(WorkerStatus::state).containsExactly(WorkerState.STOPPED);
        assertThat(runs.get()).isEqualTo(afterStop);
    }

    @Test
    void repeatingWhenIntervalIsNotPositiveShouldThrow() {
        assertThatIllegalArgumentException().isThrownBy(() -> Workers.repeating(Duration.ZERO, () -> {
        })).withMessage("interval must be > 0 but was PT0S");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            }
            catch (InterruptedException ex) {
                // A server that ignores interruption: only its stop ends it.
            }
        }
    }

    /** A server whose serve() blocks until shutdown() has drained it. */
    static final class FakeServer {

        final CountDownLatch serving = new CountDownLatch(1);

        final CountDownLatch closed = new CountDownLatch(1);

        final CountDownLatch drained = new CountDownLatch(1);

        final List<String> stopThreads = new CopyOnWriteArrayList<>();

        void serve() {
            this.serving.countDown();
            awaitUninterruptibly(this.closed);
        }

        void shutdown() throws InterruptedException {
            this.stopThreads.add(Thread.currentThread().getName());
            this.closed.countDown();
            // A graceful drain that takes a moment; the worker must wait for it.
            Thread.sleep(100);
            this.drained.countDown();
        }

    }

}
