package io.poolworks.redis.functional;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.poolworks.RateLimit;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of a service, each a child JVM with a pool limited to 20 starts a
 * second (burst 5), share one limit in Redis; three more with the same limit kept locally
 * show what the service does without it (about 60 a second), so that the checks can fail.
 */
class ClusterRateLimitAcrossJvmsTests {

    private static final int INSTANCES = 3;

    private static final int TASKS = 200;

    private static final long SECOND = 1_000_000_000L;

    /** The most starts any 1 s window may hold: burst + permits, +1 for clock skew. */
    private static final int MAX_PER_WINDOW = (int) (RateLimitedInstance.RATE_LIMIT.burst()
            + RateLimitedInstance.RATE_LIMIT.permits() + 1);

    @TempDir
    Path tempDir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void destroyChildren() {
        this.processes.forEach(Process::destroyForcibly);
    }

    @Test
    void startsWhenThreeJvmsShareAClusterLimitShouldKeepItsRateWhileLocalLimitsTripleIt() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String key = "test:mail-provider:" + UUID.randomUUID();
            List<Instance> cluster = new ArrayList<>();
            List<Instance> local = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                cluster.add(start(redis, "cluster", key, "cluster-" + i));
                local.add(start(redis, "local", key, "local-" + i));
            }
            List<Instance> all = new ArrayList<>(cluster);
            all.addAll(local);
            for (Instance instance : all) {
                await().atMost(Duration.ofSeconds(60)).until(instance::ready);
            }
            for (Instance instance : all) {
                instance.go();
            }
            for (Instance instance : all) {
                assertThat(instance.process.waitFor(2, TimeUnit.MINUTES)).as(instance.name + " finished").isTrue();
                assertThat(instance.process.exitValue()).as(instance.name + ": " + instance.output()).isZero();
            }

            Starts shared = Starts.of(cluster);
            Starts separate = Starts.of(local);
            System.out.printf("cluster: %.2f starts/s, at most %d in 1 s; local: %.2f starts/s, at most %d in 1 s%n",
                    shared.rate(RateLimitedInstance.RATE_LIMIT), shared.maxInAnyWindow(SECOND),
                    separate.rate(RateLimitedInstance.RATE_LIMIT), separate.maxInAnyWindow(SECOND));
            assertThat(shared.count()).isEqualTo(INSTANCES * TASKS);
            assertThat(shared.maxInAnyWindow(SECOND)).as("most starts in a 1 s window, all instances")
                .isLessThanOrEqualTo(MAX_PER_WINDOW);
            assertThat(shared.rate(RateLimitedInstance.RATE_LIMIT)).as("starts per second, all instances")
                .isCloseTo(20.0, withinPercentage(5));

            assertThat(separate.count()).isEqualTo(INSTANCES * TASKS);
            assertThat(separate.maxInAnyWindow(SECOND)).as("local limits: most starts in a 1 s window")
                .isGreaterThan(MAX_PER_WINDOW * 2);
            assertThat(separate.rate(RateLimitedInstance.RATE_LIMIT)).as("local limits: starts per second")
                .isGreaterThan(40.0);
        }
    }

    private Instance start(RedisServer redis, String scope, String key, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path starts = this.tempDir.resolve(name + ".starts");
        Path output = this.tempDir.resolve(name + ".out");
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), RateLimitedInstance.class.getName(), redis.uri(), scope, key,
                Integer.toString(TASKS), starts.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        this.processes.add(process);
        return new Instance(name, process, output, starts);
    }

    /** A child JVM. */
    private record Instance(String name, Process process, Path log, Path starts) {

        boolean ready() throws IOException {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(this.name + " exited early: " + output());
            }
            return output().lines().anyMatch("ready"::equals);
        }

        void go() throws IOException {
            OutputStream in = this.process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String output() throws IOException {
            return Files.readString(this.log);
        }

    }

    /** The start times of every task of some instances, sorted, in epoch nanoseconds. */
    private record Starts(long[] times) {

        static Starts of(List<Instance> instances) throws IOException {
            List<Long> times = new ArrayList<>();
            for (Instance instance : instances) {
                Files.readAllLines(instance.starts).forEach((line) -> times.add(Long.parseLong(line)));
            }
            long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return new Starts(sorted);
        }

        int count() {
            return this.times.length;
        }

        /** The most starts in any window [t, t + length) that opens at a start. */
        int maxInAnyWindow(long length) {
            int max = 0;
            int end = 0;
            for (int begin = 0; begin < this.times.length; begin++) {
                while (end < this.times.length && this.times[end] - this.times[begin] < length) {
                    end++;
                }
                max = Math.max(max, end - begin);
            }
            return max;
        }

        /** Starts per second after the first burst, from the first start to the last. */
        double rate(RateLimit rateLimit) {
            double seconds = (this.times[this.times.length - 1] - this.times[0]) / (double) SECOND;
            return (this.times.length - rateLimit.burst()) / seconds;
        }

    }

}
