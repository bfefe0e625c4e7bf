package io.poolworks;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Bad arguments fail at once with a message that names the parameter, the value and the
 * pool.
 */
class BuilderValidationTests {

    static Stream<Arguments> badSettings() {
        return Stream.of(bad("minWorkers", "-1", (b) -> b.minWorkers(-1)),
                bad("maxWorkers", "0", (b) -> b.maxWorkers(0)),
                bad("maxWorkers must be >= minWorkers (4)", "2", (b) -> b.minWorkers(4).maxWorkers(2).build()),
                bad("queueCapacity", "-5", (b) -> b.queueCapacity(-5)),
                bad("idleTimeout", "PT0S", (b) -> b.idleTimeout(Duration.ZERO)),
                bad("idleTimeout", "PT-1S", (b) -> b.idleTimeout(Duration.ofSeconds(-1))),
                bad("blockTimeout", "PT0S", (b) -> b.blockTimeout(Duration.ZERO)),
                bad("drainTimeout", "PT-1S", (b) -> b.drainTimeout(Duration.ofSeconds(-1))),
                bad("terminationGrace", "PT-0.001S", (b) -> b.terminationGrace(Duration.ofMillis(-1))),
                bad("threadNamePrefix", "' '", (b) -> b.threadNamePrefix(" ")),
                bad("virtualThreads cannot be combined with a threadFactory", "set virtualThreads(false)",
                        (b) -> b.virtualThreads(true).threadFactory(Thread::new).build()));
    }

    private static Arguments bad(String parameter, String value, Consumer<WorkerPool.Builder> setting) {
        return Arguments.of(parameter, value, setting);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badSettings")
    void badSettingShouldFailNamingParameterValueAndPool(String parameter, String value,
            Consumer<WorkerPool.Builder> setting) {
        assertThatIllegalArgumentException().isThrownBy(() -> setting.accept(WorkerPool.builder("emails")))
            .withMessageContaining(parameter)
            .withMessageContaining(value)
            .withMessageContaining("'emails'");
    }

    @Test
    void nullSettingsShouldFailNamingTheParameter() {
        WorkerPool.Builder builder = WorkerPool.builder("emails");
        assertThatNullPointerException().isThrownBy(() -> builder.idleTimeout(null))
            .withMessage("idleTimeout must not be null for pool 'emails'");
        assertThatNullPointerException().isThrownBy(() -> builder.saturationPolicy(null))
            .withMessageContaining("saturationPolicy");
        assertThatNullPointerException().isThrownBy(() -> builder.listener(null)).withMessageContaining("listener");
        assertThatNullPointerException().isThrownBy(() -> WorkerPool.builder(null)).withMessageContaining("name");
    }

    @Test
    void blankNameShouldFail() {
        assertThatIllegalArgumentException().isThrownBy(() -> WorkerPool.builder("  "))
            .withMessageContaining("name must not be blank");
    }

    @Test
    void nullTaskShouldFailNamingTaskAndPool() {
        try (WorkerPool pool = WorkerPool.builder("emails").build()) {
            assertThatNullPointerException().isThrownBy(() -> pool.execute(null))
                .withMessage("task must not be null for pool 'emails'");
            assertThatNullPointerException().isThrownBy(() -> pool.tryExecute(null)).withMessageContaining("task");
            assertThatNullPointerException().isThrownBy(() -> pool.submit((Runnable) null))
                .withMessageContaining("task");
            assertThatNullPointerException().isThrownBy(() -> pool.submit((Task<?>) null))
                .withMessageContaining("task");
            assertThatNullPointerException().isThrownBy(() -> pool.tryExecute(() -> {
            }, null)).withMessageContaining("timeout");
            assertThat(pool.stats().submitted()).isZero();
        }
    }

    @Test
    void badTuningShouldFailAndChangeNothing() {
        try (WorkerPool pool = WorkerPool.builder("emails").minWorkers(1).maxWorkers(4).build()) {
            assertThatIllegalArgumentException().isThrownBy(() -> pool.tuning().resize(3, 2))
                .withMessage("maxWorkers must be >= minWorkers (3) but was 2 for pool 'emails'");
            assertThatIllegalArgumentException().isThrownBy(() -> pool.tuning().resize(-1, 2))
                .withMessageContaining("minWorkers");
            assertThatIllegalArgumentException().isThrownBy(() -> pool.tuning().queueCapacity(-1))
                .withMessageContaining("queueCapacity must be >= 0 but was -1");
            assertThat(pool.stats().minWorkers()).isEqualTo(1);
            assertThat(pool.stats().maxWorkers()).isEqualTo(4);
        }
    }

    @Test
    void presetsShouldValidateToo() {
        assertThatIllegalArgumentException().isThrownBy(() -> WorkerPools.fixed("emails", 0))
            .withMessage("workers must be >= 1 but was 0 for pool 'emails'");
        assertThatIllegalArgumentException().isThrownBy(() -> WorkerPools.dynamic("emails", 5, 3))
            .withMessageContaining("maxWorkers must be >= minWorkers (5) but was 3");
    }

    @Test
    void builderShouldBeReusableAndSnapshotItsSettings() {
        WorkerPool.Builder builder = WorkerPools.fixed("reuse", 2);
        try (WorkerPool first = builder.build(); WorkerPool second = builder.maxWorkers(3).build()) {
            assertThat(first.stats().maxWorkers()).isEqualTo(2);
            assertThat(second.stats().maxWorkers()).isEqualTo(3);
        }
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualThreadsBeforeJava21ShouldFailClearly() {
        assertThatIllegalStateException().isThrownBy(() -> WorkerPool.builder("emails").virtualThreads(true).build())
            .withMessageContaining("virtualThreads(true) needs Java 21 or later")
            .withMessageContaining("'emails'");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsOnJava21ShouldRunTasksOnVirtualThreads() throws Exception {
        try (WorkerPool pool = WorkerPool.builder("virtual").virtualThreads(true).build()) {
            Thread thread = pool.submit(Thread::currentThread).get();
            assertThat(thread.toString()).contains("VirtualThread");
            assertThat(thread.getName()).startsWith("virtual-");
        }
    }

    @Test
    void shutdownGracefullyShouldRejectNegativeTimeout() {
        try (WorkerPool pool = WorkerPool.builder("emails").build()) {
            assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> pool.shutdownGracefully(Duration.ofSeconds(-1)))
                .withMessageContaining("drainTimeout");
        }
    }

}
