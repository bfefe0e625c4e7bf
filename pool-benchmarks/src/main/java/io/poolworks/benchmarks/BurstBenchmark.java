package io.poolworks.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
 * What does one tiny task cost in a burst? One operation submits {@value #TASKS} tasks
 * from {@code producers} threads (each submits its share) to an executor with 2 workers,
 * then waits until every task ran; the score is that time divided by {@value #TASKS}, in
 * nanoseconds per task. The task only counts down a shared counter. Every executor has 2
 * workers started up front and a queue of {@value #TASKS}, so nothing is ever rejected
 * nor blocks for room; with 1 producer the benchmark thread submits, with 4 it hands one
 * share to each of 4 producer threads made in the set-up.
 * <p>
 * Compare each score with {@link Implementation#TPE_ARRAY_BLOCKING_QUEUE} of the same run
 * and the same {@code producers}; the metered pool
 * ({@link Implementation#WORKER_POOL_STARTER_METRICS}) also with
 * {@link Implementation#TPE_MICROMETER_MONITORED}. Run with: <pre>
 * java -jar pool-benchmarks/target/benchmarks.jar '\.BurstBenchmark' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BurstBenchmark {

    /** Tasks per burst. */
    static final int TASKS = 10_000;

    @Param
    public Implementation implementation = Implementation.TPE_ARRAY_BLOCKING_QUEUE;

    @Param({ "1", "4" })
    public int producers;

    private final Countdown countdown = new Countdown();

    private final AtomicReference<@Nullable Throwable> producerFailure = new AtomicReference<>();

    private @Nullable Subject subject;

    private @Nullable ExecutorService producerThreads;

    private Runnable[] shares = new Runnable[0];

    private long bursts;

    @Setup(Level.Trial)
    public void setUp() {
        Subject subject = this.implementation.create(TASKS);
        this.subject = subject;
        Runnable task = this.countdown.task;
        int share = TASKS / this.producers;
        this.shares = new Runnable[this.producers];
        for (int i = 0; i < this.producers; i++) {
            this.shares[i] = () -> {
                try {
                    for (int j = 0; j < share; j++) {
                        subject.execute(task);
                    }
                }
                catch (Throwable ex) {
                    this.producerFailure.compareAndSet(null, ex);
                    throw ex;
                }
            };
        }
        if (this.producers > 1) {
            this.producerThreads = Executors.newFixedThreadPool(this.producers);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void burst() {
        Countdown countdown = this.countdown;
        countdown.arm(TASKS);
        ExecutorService producerThreads = this.producerThreads;
        if (producerThreads == null) {
            this.shares[0].run();
        }
        else {
            for (Runnable share : this.shares) {
                producerThreads.execute(share);
            }
        }
        countdown.await();
        this.bursts++;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ExecutorService producerThreads = this.producerThreads;
        if (producerThreads != null) {
            producerThreads.shutdown();
            producerThreads.awaitTermination(10, TimeUnit.SECONDS);
        }
        Subject subject = this.subject;
        if (subject != null) {
            try {
                subject.shutdown();
                Checks.sawAll(subject, this.bursts * TASKS);
            }
            finally {
                subject.close();
            }
        }
        Throwable failure = this.producerFailure.get();
        if (failure != null) {
            throw new IllegalStateException("A producer failed", failure);
        }
    }

}
