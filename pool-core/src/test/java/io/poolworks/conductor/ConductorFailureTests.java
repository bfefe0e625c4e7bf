package io.poolworks.conductor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.poolworks.conductor.ConductorTesting.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.poolworks.conductor.ConductorTesting.cooperative;
import static io.poolworks.conductor.ConductorTesting.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the failure policies of a {@link Conductor} other than restart.
 */
class ConductorFailureTests {

    @AfterEach
    void noThreadsLeak() {
        ConductorTesting.awaitNoThreads("fail-");
    }

    @Test
    void failureWhenPolicyIsStopAllShouldStopAndAwaitSiblingsAndNameTheWorker() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch siblingsRunning = new CountDownLatch(2);
        CountDownLatch slowSiblingDone = new CountDownLatch(1);
        Worker slowToStop = (ctx) -> {
            siblingsRunning.countDown();
            ctx.awaitStop();
            // A sibling that needs a moment to stop: the conductor must wait for it.
            ConductorTesting.workUninterruptibly(Duration.ofMillis(150));
            slowSiblingDone.countDown();
        };
        Worker failing = (ctx) -> {
            siblingsRunning.await();
            throw boom;
        };
        Conductor conductor = Conductor.builder("fail-stopall")
            .worker("a", slowToStop)
            .worker("failing", failing, FailurePolicy.stopAll())
            .worker("c", (ctx) -> {
                siblingsRunning.countDown();
                ctx.awaitStop();
            })
            .shutdownTimeout(Duration.ofSeconds(5))
            .build();
        conductor.start();
        assertThat(conductor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(slowSiblingDone.getCount()).as("termination waited for the slow sibling").isZero();

        ConductorReport report = conductor.stop();
        ConductorException failure = report.failure();
        assertThat(failure).isNotNull();
        assertThat(failure.worker()).isEqualTo("failing");
        assertThat(failure.conductor()).isEqualTo("fail-stopall");
        assertThat(failure).hasCause(boom).hasMessageContaining("'failing'").hasMessageContaining("boom");
        assertThat(report.stragglers()).isEmpty();
        assertThat(report.failures()).containsOnlyKeys("failing");
        assertThat(conductor.status()).extracting(WorkerStatus::name, WorkerStatus::state)
            .containsExactly(org.assertj.core.api.Assertions.tuple("a", WorkerState.STOPPED),
                    org.assertj.core.api.Assertions.tuple("failing", WorkerState.FAILED),
                    org.assertj.core.api.Assertions.tuple("c", WorkerState.STOPPED));
        assertThat(ConductorTesting.status(conductor, "failing").lastError()).isSameAs(boom);
    }

    @Test
    void failureWhenDuringStartUpShouldStopTheOthersAndEndTheConductor() throws Exception {
        RecordingListener listener = new RecordingListener();
        Conductor conductor = Conductor.builder("fail-startup")
            .worker("early", cooperative())
            .worker("broken", (ctx) -> {
                throw new IllegalArgumentException("bad configuration");
            })
            .worker("late", cooperative())
            .listener(listener)
            .build();
        conductor.start();
        assertThat(conductor.awaitTermination(Duration.ofSeconds(5))).isTrue();

        assertThat(conductor.status()).extracting(WorkerStatus::state)
            .containsExactly(WorkerState.STOPPED, WorkerState.FAILED, WorkerState.STOPPED);
        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNotNull();
        assertThat(report.failure().worker()).isEqualTo("broken");
        assertThat(report.failure()).hasRootCauseMessage("bad configuration");
        assertThat(listener.of(ConductorEvent.WorkerFailed.class)).singleElement()
            .satisfies((event) -> assertThat(event.escalated()).isTrue());
        assertThat(listener.of(ConductorReport.class)).containsExactly(report);
    }

    @Test
    void failureWhenPolicyIsIgnoreShouldLeaveItFailedAndTheOthersRunning() throws Exception {
        Conductor conductor = Conductor.builder("fail-ignore").worker("flaky", (ctx) -> {
            throw new IllegalStateException("ignored");
        }, FailurePolicy.ignore()).worker("steady", cooperative()).build();
        conductor.start();
        await().until(() -> state(conductor, "flaky") == WorkerState.FAILED);
        assertThat(state(conductor, "steady")).isEqualTo(WorkerState.RUNNING);
        assertThat(conductor.awaitTermination(Duration.ofMillis(100))).isFalse();

        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNull();
        assertThat(report.stragglers()).isEmpty();
        assertThat(report.failures()).containsOnlyKeys("flaky");
        assertThat(report.clean()).isFalse();
        assertThat(report.worker("flaky").state()).isEqualTo(WorkerState.FAILED);
        assertThat(report.worker("steady").state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void workerWhenReturningImmediatelyShouldBeCompletedAndTheOthersGoOn() throws Exception {
        Conductor conductor = Conductor.builder("fail-return").worker("oneshot", (ctx) -> {
        }).worker("steady", cooperative()).build();
        conductor.start();
        await().until(() -> state(conductor, "oneshot") == WorkerState.COMPLETED);
        assertThat(state(conductor, "steady")).isEqualTo(WorkerState.RUNNING);
        assertThat(conductor.awaitTermination(Duration.ofMillis(100))).isFalse();

        ConductorReport report = conductor.stop();
        assertThat(report.clean()).isTrue();
        assertThat(report.worker("oneshot").state()).isEqualTo(WorkerState.COMPLETED);
        assertThat(report.worker("steady").state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void conductorWhenAllWorkersEndByThemselvesShouldTerminateCleanly() throws Exception {
        Conductor conductor = Conductor.builder("fail-alldone").worker("one", (ctx) -> {
        }).worker("two", (ctx) -> {
            throw new IllegalStateException("ignored");
        }, FailurePolicy.ignore()).build();
        conductor.start();
        assertThat(conductor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNull();
        assertThat(report.stragglers()).isEmpty();
        assertThat(report.worker("one").state()).isEqualTo(WorkerState.COMPLETED);
        assertThat(report.worker("two").state()).isEqualTo(WorkerState.FAILED);
    }

    @Test
    void conductorWhenItHasNoWorkersShouldTerminateAtOnce() throws Exception {
        Conductor conductor = Conductor.builder("fail-empty").build();
        conductor.start();
        assertThat(conductor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(conductor.stop().clean()).isTrue();
    }

    @Test
    void failureWhenThrownAfterStopShouldBeRecordedWithoutApplyingThePolicy() {
        Conductor conductor = Conductor.builder("fail-onstop").worker("grumpy", (ctx) -> {
            ctx.awaitStop();
            throw new IllegalStateException("failed to flush");
        }).worker("polite", (ctx) -> {
            ctx.awaitStop();
            throw new InterruptedException("interruption on stop is no failure");
        }).build();
        conductor.start();
        await().until(() -> conductor.status().stream().allMatch((s) -> s.state() == WorkerState.RUNNING));
        ConductorReport report = conductor.stop();
        assertThat(report.failure()).isNull();
        assertThat(report.worker("grumpy").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(report.worker("grumpy").failures()).isEqualTo(1);
        assertThat(report.failures()).containsOnlyKeys("grumpy");
        assertThat(report.worker("polite").failures()).isZero();
    }

    @Test
    void listenerWhenThrowingShouldNeverFailAWorkerOrTheConductor() throws Exception {
        ConductorListener throwing = new ConductorListener() {

            @Override
            public void workerStarted(ConductorEvent.WorkerStarted event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void workerStopped(ConductorEvent.WorkerStopped event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void conductorStopped(ConductorReport report) {
                throw new IllegalStateException("listener bug");
            }

        };
        RecordingListener recording = new RecordingListener();
        Conductor conductor = Conductor.builder("fail-listener")
            .worker("a", cooperative())
            .listener(throwing)
            .listener(recording)
            .build();
        conductor.start();
        await().until(() -> state(conductor, "a") == WorkerState.RUNNING);
        ConductorReport report = conductor.stop();
        assertThat(report.clean()).isTrue();
        assertThat(recording.events).hasSize(3);
        assertThat(recording.events.get(0)).isInstanceOf(ConductorEvent.WorkerStarted.class);
        assertThat(recording.events.get(1)).isInstanceOfSatisfying(ConductorEvent.WorkerStopped.class,
                (event) -> assertThat(event.state()).isEqualTo(WorkerState.STOPPED));
        assertThat(recording.events.get(2)).isSameAs(report);
    }

}
