package io.poolworks.conductor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Conductor#runUntilShutdown()} in a child JVM that receives SIGTERM
 * ({@link Process#destroy()} on Linux).
 */
class RunUntilShutdownTests {

    /** The exit status of a JVM that ran its shutdown hooks after SIGTERM: 128 + 15. */
    private static final int SIGTERM_STATUS = 143;

    @TempDir
    Path tempDir;

    private Process process;

    @AfterEach
    void destroyChild() {
        if (this.process != null) {
            this.process.destroyForcibly();
        }
    }

    @Test
    void runUntilShutdownWhenSigtermArrivesShouldStopWorkersAndExit() throws Exception {
        Child child = start("clean");
        long start = System.nanoTime();
        this.process.destroy();
        assertThat(this.process.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        String output = child.output();
        assertThat(this.process.exitValue()).as(output).isEqualTo(SIGTERM_STATUS);
        assertThat(elapsed).as(output).isLessThan(Duration.ofSeconds(5));
        assertThat(output).contains("Conductor 'main-clean' received a shutdown signal")
            .contains("worker a stopped")
            .contains("worker b stopped")
            .contains("Conductor 'main-clean' stopped in")
            .contains("all workers stopped cleanly");
    }

    @Test
    void runUntilShutdownWhenAWorkerIgnoresStopShouldExitWithinTheTimeout() throws Exception {
        Child child = start("stubborn");
        long start = System.nanoTime();
        this.process.destroy();
        assertThat(this.process.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        String output = child.output();
        assertThat(this.process.exitValue()).as(output).isEqualTo(SIGTERM_STATUS);
        // shutdownTimeout is 1 s: the JVM waited for it, and not much longer.
        assertThat(elapsed).as(output).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
        assertThat(output).contains("worker a stopped")
            .contains("stubborn ignores the interrupt")
            .contains("worker(s) [stubborn] did not stop within PT1S");
    }

    @Test
    void runUntilShutdownWhenAWorkerFailsShouldThrowSoMainExitsWithItsOwnStatus() throws Exception {
        Child child = start("fail");
        assertThat(this.process.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();

        String output = child.output();
        assertThat(this.process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("worker a stopped")
            .contains("FAILED worker=crasher cause=lost the database")
            .doesNotContain("received a shutdown signal");
    }

    private Child start(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Output goes to a file, not a pipe: a pipe read can lose the last lines when the
        // child exits.
        Path output = this.tempDir.resolve(mode + ".out");
        this.process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ShutdownMain.class.getName(), mode)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        Child child = new Child(output);
        await().atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> child.output().lines().anyMatch("READY"::equals));
        return child;
    }

    /** The output of a child JVM. */
    private record Child(Path file) {

        String output() throws IOException {
            return Files.readString(this.file, StandardCharsets.UTF_8);
        }

    }

}
