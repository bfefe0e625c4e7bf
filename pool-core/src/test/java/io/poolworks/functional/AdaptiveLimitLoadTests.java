package io.poolworks.functional;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.poolworks.AdaptiveLimit;
import io.poolworks.AdaptiveLimit.Algorithm;
import io.poolworks.WorkerPool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one wall-clock test of the adaptive limit, with wide bounds: a simulated downstream
 * whose service time is {@code 20 ms × max(1, inflight / 8)} (it only parks, so a busy
 * machine slows it little), offered 1,000 tasks a second, about 2.5 times what it can
 * serve, for 15 s, through {@code tryExecute} (what does not fit is shed). With an
 * adaptive limit the pool must keep the downstream near its capacity at near its unloaded
 * latency; a pool of 64 fixed workers, the control, piles all 64 on it and must see a run
 * time at least four times worse, so that the test can fail.
 */
class AdaptiveLimitLoadTests {

    private static final int KNEE = 8;

    private static final long SERVICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long LOAD_NANOS = TimeUnit.SECONDS.toNanos(15);

    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int OFFERED_PER_SECOND = 1_000;

    @Test
    void adaptiveLimitShouldKeepTheDownstreamBusyAtNearItsUnloadedLatencyUnderOverload() {
        long unloaded = median(unloadedRunTimes());
        double capacity = KNEE * (double) TimeUnit.SECONDS.toNanos(1) / unloaded;

        Outcome adaptive = overload(WorkerPool.builder("adaptive")
            .minWorkers(0)
            .maxWorkers(64)
            .queueCapacity(100)
            .adaptiveLimit(AdaptiveLimit.of(Algorithm.GRADIENT2)));
        Outcome fixed = overload(WorkerPool.builder("fixed").minWorkers(64).maxWorkers(64).queueCapacity(100));

        String report = String.format(
                "unloaded median %.1f ms, capacity %.0f/s; adaptive: %.0f/s, median %.1f ms, limit %d; "
                        + "fixed 64: %.0f/s, median %.1f ms",
                unloaded / 1e6, capacity, adaptive.throughput, adaptive.median / 1e6, adaptive.limit, fixed.throughput,
                fixed.median / 1e6);
        assertThat(adaptive.throughput).as(report).isGreaterThanOrEqualTo(0.85 * capacity);
        assertThat(adaptive.median).as(report).isLessThanOrEqualTo(2 * unloaded);
        assertThat(fixed.median).as(report).isGreaterThanOrEqualTo(4 * unloaded);
    }

    private static List<Long> unloadedRunTimes() {
        Downstream downstream = new Downstream();
        List<Long> runTimes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long start = System.nanoTime();
            downstream.call();
            runTimes.add(System.nanoTime() - start);
        }
        return runTimes;
    }

    /**
     * Offer the load for 15 s; count the tasks that finish after the warm-up and before
     * the end, and their run times.
     */
    private static Outcome overload(WorkerPool.Builder builder) {
        Downstream downstream = new Downstream();
        List<Long> runTimes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger finished = new AtomicInteger();
        WorkerPool pool = builder.build();
        long begin = System.nanoTime();
        long measureFrom = begin + WARM_UP_NANOS;
        long end = begin + LOAD_NANOS;
        int limit;
        try {
            Runnable task = () -> {
                long start = System.nanoTime();
                downstream.call();
                long now = System.nanoTime();
                if (start - measureFrom >= 0L && now - end < 0L) {
                    runTimes.add(now - start);
                    finished.incrementAndGet();
                }
            };
            long interval = TimeUnit.SECONDS.toNanos(1) / OFFERED_PER_SECOND;
            long next = begin;
            for (long now = begin; now - end < 0L; now = System.nanoTime()) {
                while (next - now <= 0L) {
                    pool.tryExecute(task);
                    next += interval;
                }
                LockSupport.parkNanos(next - now);
            }
            limit = pool.stats().adaptiveLimit();
        }
        finally {
            pool.shutdownNow();
        }
        double seconds = (LOAD_NANOS - WARM_UP_NANOS) / 1e9;
        return new Outcome(finished.get() / seconds, median(new ArrayList<>(runTimes)), limit);
    }

    private static long median(List<Long> values) {
        assertThat(values).isNotEmpty();
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private record Outcome(double throughput, long median, int limit) {
    }

    /**
     * A downstream whose service time grows with its concurrency beyond its knee: it
     * parks for {@code 20 ms × max(1, n / 8)}, n being how many calls it serves when this
     * one arrives, itself included.
     */
    private static final class Downstream {

        private final AtomicInteger inflight = new AtomicInteger();

        void call() {
            int n = this.inflight.incrementAndGet();
            try {
                long deadline = System.nanoTime() + SERVICE_NANOS * Math.max(KNEE, n) / KNEE;
                for (long left = deadline - System.nanoTime(); left > 0L; left = deadline - System.nanoTime()) {
                    // The simulated work itself, not a wait for a condition.
                    LockSupport.parkNanos(left);
                }
            }
            finally {
                this.inflight.decrementAndGet();
            }
        }

    }

}
