package io.poolworks.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.poolworks.AdaptiveLimit;
import io.poolworks.WorkerPool;
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
 * What does an adaptive limit cost per task, and what does the feature cost when it is
 * off? One operation submits {@value #TASKS} tiny tasks from the benchmark thread to an
 * executor with 2 workers started up front and a queue of {@value #TASKS}, then waits
 * until every task ran; the score is that time divided by {@value #TASKS}, in nanoseconds
 * per task. The adaptive limit has {@code max = maxWorkers = 2}, so it never holds a task
 * back: only its bookkeeping is measured (in-flight counting under the lock, two clock
 * reads and one sample per task).
 * <p>
 * Compare {@link Kind#WORKER_POOL} (the feature off) with the same row of a build without
 * the feature (run this class's {@code WORKER_POOL} and {@code TPE_ARRAY_BLOCKING_QUEUE}
 * rows, or {@code BurstBenchmark}'s, on the commit before it), each as a ratio to
 * {@link Kind#TPE_ARRAY_BLOCKING_QUEUE} of its own run; {@link Kind#WORKER_POOL_ADAPTIVE}
 * with {@link Kind#WORKER_POOL} of the same run. Run with: <pre>
 * java -jar pool-benchmarks/target/benchmarks.jar AdaptiveLimitOverheadBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AdaptiveLimitOverheadBenchmark {

    /** Tasks per burst. */
    static final int TASKS = 10_000;

    /** The executors compared. */
    public enum Kind {

        /** {@link WorkerPool} without an adaptive limit: the feature off. */
        WORKER_POOL,

        /**
         * The same {@link WorkerPool} with a Gradient2 adaptive limit that never limits.
         */
        WORKER_POOL_ADAPTIVE,

        /**
         * The baseline: a plain JDK {@link ThreadPoolExecutor} over an
         * {@link ArrayBlockingQueue}.
         */
        TPE_ARRAY_BLOCKING_QUEUE

    }

    @Param
    public Kind implementation = Kind.TPE_ARRAY_BLOCKING_QUEUE;

    private final Countdown countdown = new Countdown();

    private @Nullable ExecutorService executor;

    private long bursts;

    @Setup(Level.Trial)
    public void setUp() {
        this.executor = switch (this.implementation) {
            case WORKER_POOL -> Implementation.workerPool(TASKS).build();
            case WORKER_POOL_ADAPTIVE -> Implementation.workerPool(TASKS)
                .adaptiveLimit(AdaptiveLimit.of(AdaptiveLimit.Algorithm.GRADIENT2))
                .build();
            case TPE_ARRAY_BLOCKING_QUEUE -> Implementation.prestarted(new ArrayBlockingQueue<>(TASKS));
        };
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void burst() {
        Countdown countdown = this.countdown;
        Runnable task = countdown.task;
        ExecutorService executor = this.executor;
        countdown.arm(TASKS);
        for (int i = 0; i < TASKS; i++) {
            executor.execute(task);
        }
        countdown.await();
        this.bursts++;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        ExecutorService executor = this.executor;
        if (executor != null) {
            Implementation.shutdown(executor);
            Checks.completedAll(executor, this.bursts * TASKS);
        }
    }

}
