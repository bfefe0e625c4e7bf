package io.poolworks.conductor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.poolworks.conductor.ConductorTesting.cooperative;
import static io.poolworks.conductor.ConductorTesting.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Conductor.Builder}.
 */
class ConductorBuilderTests {

    @AfterEach
    void noThreadsLeak() {
        ConductorTesting.awaitNoThreads("builder-");
    }

    @Test
    void buildWhenWorkerNamesRepeatShouldRejectThemByName() {
        Conductor.Builder builder = Conductor.builder("builder-dup")
            .worker("a", cooperative())
            .worker("b", cooperative())
            .worker("a", cooperative(), FailurePolicy.ignore());
        assertThatIllegalArgumentException().isThrownBy(builder::build)
            .withMessage("worker names must be unique but [a] were added more than once to conductor 'builder-dup'");
    }

    @Test
    void settersWhenGivenInvalidValuesShouldNameTheParameterTheValueAndTheConductor() {
        assertThatIllegalArgumentException().isThrownBy(() -> Conductor.builder(" "))
            .withMessage("name must not be blank but was ' '");
        Conductor.Builder builder = Conductor.builder("builder-invalid");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.shutdownTimeout(Duration.ofMillis(-1)))
            .withMessage("shutdownTimeout must be >= 0 but was PT-0.001S for conductor 'builder-invalid'");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.worker("", cooperative()))
            .withMessage("worker name must not be blank but was '' in conductor 'builder-invalid'");
        assertThatNullPointerException().isThrownBy(() -> builder.worker("a", cooperative(), null))
            .withMessage("policy must not be null for worker 'a' of conductor 'builder-invalid'");
        assertThatNullPointerException().isThrownBy(() -> builder.worker("a", null))
            .withMessage("worker must not be null for worker 'a' of conductor 'builder-invalid'");
    }

    @Test
    void buildWhenDefaultPolicyIsSetAfterTheWorkersShouldStillApplyIt() {
        Conductor.Builder builder = Conductor.builder("builder-default").worker("flaky", (ctx) -> {
            throw new IllegalStateException("ignored by default");
        }).worker("steady", cooperative());
        Conductor conductor = builder.defaultFailurePolicy(FailurePolicy.ignore()).build();
        builder.defaultFailurePolicy(FailurePolicy.stopAll());
        conductor.start();
        await().until(() -> state(conductor, "flaky") == WorkerState.FAILED);
        assertThat(state(conductor, "steady")).isEqualTo(WorkerState.RUNNING);
        assertThat(conductor.stop().failure()).isNull();
    }

    @Test
    void buildWhenVirtualThreadsAreRequestedShouldUseThemOrExplainWhyNot() throws Exception {
        Conductor.Builder builder = Conductor.builder("builder-virtual").virtualThreads(true);
        if (Runtime.version().feature() < 21) {
            assertThatIllegalStateException().isThrownBy(builder::build)
                .withMessageContaining("virtualThreads(true)")
                .withMessageContaining("Java 21")
                .withMessageContaining("'builder-virtual'")
                .withMessageContaining("Java " + Runtime.version());
            return;
        }
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        Conductor conductor = builder.worker("v", (ctx) -> {
            thread.complete(Thread.currentThread());
            ctx.awaitStop();
        }).build();
        conductor.start();
        Thread worker = thread.get();
        assertThat(worker.getName()).isEqualTo("builder-virtual/v");
        assertThat(Thread.class.getMethod("isVirtual").invoke(worker)).isEqualTo(true);
        assertThat(conductor.stop().clean()).isTrue();
        await().until(() -> !worker.isAlive());
    }

    @Test
    void buildWhenBuilderChangesAfterwardsShouldNotAffectTheConductor() {
        Conductor.Builder builder = Conductor.builder("builder-snapshot")
            .worker("a", cooperative())
            .shutdownTimeout(Duration.ofSeconds(3));
        Conductor conductor = builder.build();
        builder.worker("b", cooperative()).shutdownTimeout(Duration.ofSeconds(4));
        assertThat(conductor.status()).extracting(WorkerStatus::name).containsExactly("a");
        assertThat(conductor.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(builder.build().status()).extracting(WorkerStatus::name).containsExactly("a", "b");
    }

}
