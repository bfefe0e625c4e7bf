package io.poolworks.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.RateLimit;
import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;

/**
 * How exactly does a rate-limited pool keep its rate? Not a JMH benchmark: for each of
 * two limits (1,000/s with burst 1, and 50/s with burst 10) it fills a {@link WorkerPool}
 * with 2 workers with more tiny tasks than the limit lets start in {@value #RUN_SECONDS}
 * s, records the {@link System#nanoTime()} at which each task starts, stops recording
 * after {@value #RUN_SECONDS} s and prints:
 * <ul>
 * <li>the achieved rate, {@code (starts - burst) / (last start - first start)} (after the
 * first {@code burst} tasks, which start at once, the bucket lets one task start every
 * {@code 1/rate}), against the configured rate (target: within 1%);</li>
 * <li>the most starts in any sliding window of 1 s, against the bound
 * {@code burst + rate × 1 s} that {@link RateLimit} documents.</li>
 * </ul>
 * Prints PASS or FAIL for each check and for the whole, and exits with status 1 when a
 * check fails. Takes about 20 s. Run with: <pre>
 * java -cp pool-benchmarks/target/benchmarks.jar io.poolworks.benchmarks.RateAccuracy
 * </pre>
 */
public final class RateAccuracy {

    /** How long each limit is run. */
    static final int RUN_SECONDS = 10;

    private RateAccuracy() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("java.version=" + System.getProperty("java.version"));
        boolean ok = run(1000, 1);
        ok &= run(50, 10);
        System.out.println(ok ? "PASS: every target met" : "FAIL: some target missed");
        if (!ok) {
            // So that a script running it can tell.
            System.exit(1);
        }
    }

    private static boolean run(int rate, int burst) throws InterruptedException {
        int tasks = rate * RUN_SECONDS * 2;
        long[] starts = new long[tasks];
        AtomicInteger started = new AtomicInteger();
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_SECONDS);
        Runnable task = () -> {
            long now = System.nanoTime();
            if (now - stopAt < 0) {
                starts[started.getAndIncrement()] = now;
            }
        };
        WorkerPool pool = WorkerPool.builder("rate-accuracy")
            .minWorkers(2)
            .maxWorkers(2)
            .queueCapacity(tasks)
            .rateLimit(RateLimit.of(rate, Duration.ofSeconds(1)).withBurst(burst))
            .saturationPolicy(SaturationPolicy.BLOCK)
            .build();
        for (int i = 0; i < tasks; i++) {
            pool.execute(task);
        }
        long sleep = stopAt - System.nanoTime();
        if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
        }
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        int count = Math.min(started.get(), tasks);
        long[] times = Arrays.copyOf(starts, count);
        Arrays.sort(times);
        double seconds = (times[count - 1] - times[0]) / 1e9;
        double achieved = (count - burst) / seconds;
        double error = (achieved - rate) / rate;
        long window = TimeUnit.SECONDS.toNanos(1);
        int maxInWindow = 0;
        int from = 0;
        for (int to = 0; to < count; to++) {
            while (times[to] - times[from] >= window) {
                from++;
            }
            maxInWindow = Math.max(maxInWindow, to - from + 1);
        }
        boolean rateOk = Math.abs(error) <= 0.01;
        boolean windowOk = maxInWindow <= burst + rate;
        System.out.printf(
                "rate %d/s burst %d: %d starts over %.3f s, achieved %.2f/s (%+.2f%%, target within 1%%: %s); "
                        + "max starts in a 1 s window %d (bound %d: %s)%n",
                rate, burst, count, seconds, achieved, error * 100, rateOk ? "PASS" : "FAIL", maxInWindow, burst + rate,
                windowOk ? "PASS" : "FAIL");
        return rateOk && windowOk;
    }

}
