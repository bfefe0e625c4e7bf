package io.poolworks.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does one submit-to-completion round trip cost? One operation submits a callable
 * that returns a constant to an idle executor with 2 workers and waits for its result
 * with {@code future.get()}; the score is the time of that operation, in nanoseconds. It
 * is dominated by waking an idle worker and then waking the caller.
 * <p>
 * Compare each score with {@link Implementation#TPE_ARRAY_BLOCKING_QUEUE} of the same
 * run. Run with: <pre>
 * java -jar pool-benchmarks/target/benchmarks.jar RoundTripBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoundTripBenchmark {

    /** The queue capacity of every executor; the queue holds one task at most. */
    private static final int QUEUE_CAPACITY = 10_000;

    private static final Integer RESULT = 42;

    private static final Callable<Integer> TASK = () -> RESULT;

    @Param
    public Implementation implementation = Implementation.TPE_ARRAY_BLOCKING_QUEUE;

    private @Nullable Subject subject;

    private long roundTrips;

    @Setup(Level.Trial)
    public void setUp() {
        this.subject = this.implementation.create(QUEUE_CAPACITY);
    }

    @Benchmark
    public Integer roundTrip() throws InterruptedException, ExecutionException {
        Subject subject = this.subject;
        if (subject == null) {
            throw new IllegalStateException("Not set up");
        }
        Integer result = subject.submit(TASK).get();
        this.roundTrips++;
        return result;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Subject subject = this.subject;
        if (subject != null) {
            try {
                subject.shutdown();
                Checks.sawAll(subject, this.roundTrips);
            }
            finally {
                subject.close();
            }
        }
    }

}
