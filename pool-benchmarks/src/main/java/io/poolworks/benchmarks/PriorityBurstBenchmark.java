package io.poolworks.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.poolworks.QueueOrder;
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
 * What does one tiny task cost in a burst with priorities? One operation submits
 * {@value #TASKS} tasks from the benchmark thread, each with its priority from a
 * precomputed array (0–9, fixed seed), to an executor with 2 workers started up front,
 * then waits until every task ran; the score is that time divided by {@value #TASKS}, in
 * nanoseconds per task. The task only counts down a shared counter.
 * <p>
 * The priority executors are a {@link WorkerPool} with {@link QueueOrder#PRIORITY} and a
 * queue of {@value #TASKS} ({@code execute(task, priority)}), and the JDK way of doing
 * the same: a {@link ThreadPoolExecutor} over a {@link PriorityBlockingQueue} whose
 * elements are a small comparable task ordered by priority descending, then submission
 * sequence ascending (one such wrapper is allocated per task, as a user of that executor
 * would). The plain FIFO {@link ThreadPoolExecutor} over an {@link ArrayBlockingQueue},
 * ignoring the priorities, is the usual baseline.
 * <p>
 * Compare {@link Kind#WORKER_POOL_PRIORITY} with {@link Kind#TPE_PRIORITY_BLOCKING_QUEUE}
 * of the same run. Run with: <pre>
 * java -jar pool-benchmarks/target/benchmarks.jar PriorityBurstBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PriorityBurstBenchmark {

    /** Tasks per burst. */
    static final int TASKS = 10_000;

    /** The executors compared. */
    public enum Kind {

        /** {@link WorkerPool} with {@link QueueOrder#PRIORITY}, no listener. */
        WORKER_POOL_PRIORITY,

        /**
         * A {@link ThreadPoolExecutor} over a {@link PriorityBlockingQueue} of
         * {@link PrioritizedTask}.
         */
        TPE_PRIORITY_BLOCKING_QUEUE,

        /**
         * The baseline: a plain FIFO {@link ThreadPoolExecutor} over an
         * {@link ArrayBlockingQueue}, priorities ignored.
         */
        TPE_ARRAY_BLOCKING_QUEUE

    }

    @Param
    public Kind implementation = Kind.TPE_ARRAY_BLOCKING_QUEUE;

    private final Countdown countdown = new Countdown();

    private int[] priorities = new int[0];

    private @Nullable ExecutorService executor;

    private long bursts;

    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        this.priorities = new int[TASKS];
        for (int i = 0; i < TASKS; i++) {
            this.priorities[i] = random.nextInt(10);
        }
        this.executor = switch (this.implementation) {
            case WORKER_POOL_PRIORITY -> Implementation.workerPool(TASKS).queueOrder(QueueOrder.PRIORITY).build();
            case TPE_PRIORITY_BLOCKING_QUEUE -> Implementation.prestarted(new PriorityBlockingQueue<>(TASKS));
            case TPE_ARRAY_BLOCKING_QUEUE -> Implementation.prestarted(new ArrayBlockingQueue<>(TASKS));
        };
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void burst() {
        Countdown countdown = this.countdown;
        Runnable task = countdown.task;
        int[] priorities = this.priorities;
        ExecutorService executor = this.executor;
        countdown.arm(TASKS);
        switch (this.implementation) {
            case WORKER_POOL_PRIORITY -> {
                WorkerPool pool = (WorkerPool) executor;
                for (int priority : priorities) {
                    pool.execute(task, priority);
                }
            }
            case TPE_PRIORITY_BLOCKING_QUEUE -> {
                long sequence = this.sequence;
                for (int priority : priorities) {
                    executor.execute(new PrioritizedTask(task, priority, sequence++));
                }
                this.sequence = sequence;
            }
            case TPE_ARRAY_BLOCKING_QUEUE -> {
                for (int i = 0; i < priorities.length; i++) {
                    executor.execute(task);
                }
            }
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

    /**
     * A task for a {@link PriorityBlockingQueue}: higher priority first, then lower
     * sequence (first in, first out among equal priorities).
     */
    static final class PrioritizedTask implements Runnable, Comparable<PrioritizedTask> {

        private final Runnable task;

        private final int priority;

        private final long sequence;

        PrioritizedTask(Runnable task, int priority, long sequence) {
            this.task = task;
            this.priority = priority;
            this.sequence = sequence;
        }

        @Override
        public void run() {
            this.task.run();
        }

        @Override
        public int compareTo(PrioritizedTask other) {
            int byPriority = Integer.compare(other.priority, this.priority);
            return (byPriority != 0) ? byPriority : Long.compare(this.sequence, other.sequence);
        }

    }

}
