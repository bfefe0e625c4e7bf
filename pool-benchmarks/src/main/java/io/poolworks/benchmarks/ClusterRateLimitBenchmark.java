package io.poolworks.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.poolworks.RateLimit;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.ClusterRateLimitStats;
import io.poolworks.redis.testing.RedisServer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does a cluster rate limit (a Bucket4j bucket in Redis, module
 * {@code poolworks-redis}) cost per task start, against a local one? Both limits are set
 * far above what is reached ({@value #PERMITS} per second, same burst), so that only
 * asking for the permit is measured. The Redis is a real {@code redis-server} on the
 * loopback interface, started by the set-up (the one on the {@code PATH}, else the binary
 * of {@code embedded-redis}).
 * <ul>
 * <li>{@code starts}: one operation submits {@value #TASKS} tiny tasks to a pool of 2
 * workers and waits until all ran; the score is task starts per second
 * ({@code @OperationsPerInvocation}). The pool asks for permits from one worker at a
 * time, so a cluster limit bounds it at about one start per round trip.</li>
 * <li>{@code start}: one operation submits one task to an idle pool and waits until it
 * ran; sampled, so that JMH reports the median and p99 in microseconds. The cluster
 * limit's added latency per start is its percentile minus the local limit's.</li>
 * </ul>
 * {@link Kind#TPE_ARRAY_BLOCKING_QUEUE} is the usual baseline. Run with: <pre>
 * java -jar pool-benchmarks/target/benchmarks.jar ClusterRateLimitBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClusterRateLimitBenchmark {

    /** Tasks per burst of {@code starts}. */
    static final int TASKS = 1_000;

    /** Permits per second, and burst, of the limits that never limit. */
    static final long PERMITS = 1_000_000_000L;

    /** The executors compared. */
    public enum Kind {

        /**
         * A {@link io.poolworks.WorkerPool} with a local rate limit that never limits.
         */
        LOCAL_LIMIT,

        /** The same pool with a cluster rate limit in Redis that never limits. */
        CLUSTER_LIMIT,

        /**
         * The baseline: a plain JDK {@link java.util.concurrent.ThreadPoolExecutor} over
         * an {@link ArrayBlockingQueue}.
         */
        TPE_ARRAY_BLOCKING_QUEUE

    }

    @Param
    public Kind implementation = Kind.CLUSTER_LIMIT;

    private final Countdown countdown = new Countdown();

    private @Nullable ExecutorService executor;

    private @Nullable RedisServer redis;

    private @Nullable RedisClient client;

    private @Nullable ClusterRateLimit limit;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        RateLimit neverLimits = RateLimit.of(PERMITS, Duration.ofSeconds(1)).withBurst(PERMITS);
        this.executor = switch (this.implementation) {
            case LOCAL_LIMIT -> Implementation.workerPool(TASKS).rateLimit(neverLimits).build();
            case CLUSTER_LIMIT -> {
                RedisServer redis = RedisServer.start();
                this.redis = redis;
                this.client = RedisClient.create(redis.uri());
                this.limit = ClusterRateLimit.builder(this.client, "bench:" + UUID.randomUUID())
                    .rateLimit(neverLimits)
                    .build();
                yield Implementation.workerPool(TASKS).startPermits(this.limit).build();
            }
            case TPE_ARRAY_BLOCKING_QUEUE -> Implementation.prestarted(new ArrayBlockingQueue<>(TASKS));
        };
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(TASKS)
    public void starts() {
        Countdown countdown = this.countdown;
        Runnable task = countdown.task;
        ExecutorService executor = this.executor;
        countdown.arm(TASKS);
        for (int i = 0; i < TASKS; i++) {
            executor.execute(task);
        }
        countdown.await();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void start() {
        Countdown countdown = this.countdown;
        countdown.arm(1);
        this.executor.execute(countdown.task);
        countdown.await();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        Implementation.shutdown(this.executor);
        ClusterRateLimit limit = this.limit;
        if (limit != null) {
            ClusterRateLimitStats stats = limit.stats();
            if (stats.storeErrors() != 0L || stats.waits() != 0L) {
                throw new IllegalStateException("The cluster limit limited or failed: " + stats);
            }
            System.out.printf("%n[cluster limit] %d permits, %d round trips, mean %.1f us, max %.1f us%n",
                    stats.permitsTaken(), stats.roundTrips(), stats.meanRoundTripNanos() / 1_000.0,
                    stats.maxRoundTripNanos() / 1_000.0);
            limit.close();
        }
        if (this.client != null) {
            this.client.shutdown();
        }
        if (this.redis != null) {
            this.redis.close();
        }
    }

}
