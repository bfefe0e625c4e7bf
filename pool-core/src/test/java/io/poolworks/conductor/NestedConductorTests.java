package io.poolworks.conductor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.poolworks.conductor.ConductorTesting.cooperative;
import static io.poolworks.conductor.ConductorTesting.state;
import static io.poolworks.conductor.ConductorTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for a {@link Conductor} running as a worker of another one.
 */
class NestedConductorTests {

    @AfterEach
    void noThreadsLeak() {
        ConductorTesting.awaitNoThreads("outer/", "inner/");
    }

    @Test
    void stopWhenParentStopsShouldStopTheChildAndItsWorkers() {
        Conductor inner = Conductor.builder("inner")
            .worker("x", cooperative())
            .worker("y", cooperative())
            .shutdownTimeout(Duration.ofSeconds(2))
            .build();
        Conductor outer = Conductor.builder("outer")
            .worker("inner", inner)
            .worker("z", cooperative())
            .shutdownTimeout(Duration.ofSeconds(5))
            .build();
        outer.start();
        await().until(() -> inner.status().stream().allMatch((s) -> s.state() == WorkerState.RUNNING));
        assertThat(ConductorTesting.liveThreads("outer/", "inner/")).containsExactlyInAnyOrder("outer/inner", "outer/z",
                "inner/x", "inner/y");

        ConductorReport report = outer.stop();
        assertThat(report.clean()).isTrue();
        assertThat(report.worker("inner").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(inner.status()).extracting(WorkerStatus::state).containsOnly(WorkerState.STOPPED);
    }

    @Test
    void failureWhenChildWorkerFailsUnderStopAllShouldPropagateToTheParent() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Conductor inner = Conductor.builder("inner").worker("broken", (ctx) -> {
            throw boom;
        }).worker("x", cooperative()).build();
        Conductor outer = Conductor.builder("outer").worker("inner", inner).worker("z", cooperative()).build();
        outer.start();
        assertThat(outer.awaitTermination(Duration.ofSeconds(5))).isTrue();

        ConductorReport report = outer.stop();
        ConductorException failure = report.failure();
        assertThat(failure).isNotNull();
        assertThat(failure.worker()).isEqualTo("inner");
        assertThat(failure.getCause()).isInstanceOfSatisfying(ConductorException.class, (cause) -> {
            assertThat(cause.conductor()).isEqualTo("inner");
            assertThat(cause.worker()).isEqualTo("broken");
            assertThat(cause).hasCause(boom);
        });
        assertThat(report.worker("z").state()).isEqualTo(WorkerState.STOPPED);
        assertThat(inner.status()).extracting(WorkerStatus::state)
            .containsExactly(WorkerState.FAILED, WorkerState.STOPPED);
    }

    @Test
    void restartWhenParentRestartsAFailedChildShouldRunTheChildAgain() {
        AtomicInteger runs = new AtomicInteger();
        Conductor inner = Conductor.builder("inner").worker("once-broken", (ctx) -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
            ctx.awaitStop();
        }).build();
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(10));
        Conductor outer = Conductor.builder("outer").worker("inner", inner, FailurePolicy.restart(backoff)).build();
        outer.start();
        await().until(() -> runs.get() == 2 && state(inner, "once-broken") == WorkerState.RUNNING);
        assertThat(status(outer, "inner").restarts()).isEqualTo(1);
        assertThat(status(outer, "inner").state()).isEqualTo(WorkerState.RUNNING);

        ConductorReport report = outer.stop();
        assertThat(report.failure()).isNull();
        assertThat(report.stragglers()).isEmpty();
        assertThat(state(inner, "once-broken")).isEqualTo(WorkerState.STOPPED);
    }

}
