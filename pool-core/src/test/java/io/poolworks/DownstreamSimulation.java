package io.poolworks;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;

/**
 * A discrete-event simulation of a pool gated by an {@link AdaptiveLimiter} in front of a
 * downstream whose service time is {@code 20 ms × max(1, inflight / k)}: fake time only,
 * no thread, the same result on every run. A task starts whenever fewer than L run and
 * one is waiting (the offered load is unbounded: the pool is always backlogged, as under
 * steady overload); its service time is fixed by how many ran when it started, itself
 * included; when it ends, the limiter gets its sample, as a worker's run would give it,
 * and the freed place is offered again.
 */
final class DownstreamSimulation {

    static final long SERVICE = 20_000_000L;

    static final long SECOND = 1_000_000_000L;

    private final AdaptiveLimiter limiter;

    private final PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));

    /** The knee k of the downstream at a given time. */
    private LongToIntFunction knee = (now) -> 8;

    /** The downstream's service time without load at a given time. */
    private LongUnaryOperator service = (now) -> SERVICE;

    /** Above this concurrency the downstream sheds a task (a drop, after 1 ms). */
    private int shedAbove = Integer.MAX_VALUE;

    /**
     * How many tasks the clients have outstanding at most; the rest of the time none
     * wait.
     */
    private int demand = Integer.MAX_VALUE;

    /** Extra service time, as a share drawn uniformly from [0, jitter). */
    private double jitter;

    private final SplittableRandom random = new SplittableRandom(42);

    private long now;

    private int inflight;

    private long samples;

    private final List<long[]> trace = new ArrayList<>();

    DownstreamSimulation(AdaptiveLimiter limiter) {
        this.limiter = limiter;
    }

    /** Let the knee follow the given function of time. */
    DownstreamSimulation knee(LongToIntFunction knee) {
        this.knee = knee;
        return this;
    }

    /** Let the service time without load follow the given function of time. */
    DownstreamSimulation service(LongUnaryOperator service) {
        this.service = service;
        return this;
    }

    /**
     * Make the downstream shed (a drop, after 1 ms) every task started above {@code n}.
     */
    DownstreamSimulation shedAbove(int n) {
        this.shedAbove = n;
        return this;
    }

    /** Add up to the given share of random (seeded) extra time to every service time. */
    DownstreamSimulation jitter(double share) {
        this.jitter = share;
        return this;
    }

    /** Offer at most {@code n} tasks at once: a light load when below the limit. */
    DownstreamSimulation demand(int n) {
        this.demand = n;
        return this;
    }

    AdaptiveLimiter limiter() {
        return this.limiter;
    }

    long now() {
        return this.now;
    }

    long samples() {
        return this.samples;
    }

    int limit() {
        return this.limiter.limit();
    }

    /** Run until the given simulated time. */
    DownstreamSimulation runUntil(long time) {
        for (;;) {
            while (this.inflight < Math.min(this.demand, this.limiter.limit())) {
                start();
            }
            long[] next = this.running.peek();
            if (next == null || next[0] > time) {
                this.now = time;
                return this;
            }
            finish(this.running.poll());
        }
    }

    /** Run until the limiter took the given number of samples. */
    DownstreamSimulation runSamples(long count) {
        long until = this.samples + count;
        while (this.samples < until) {
            while (this.inflight < Math.min(this.demand, this.limiter.limit())) {
                start();
            }
            finish(this.running.poll());
        }
        return this;
    }

    private void start() {
        int n = ++this.inflight;
        int k = this.knee.applyAsInt(this.now);
        boolean shed = n > this.shedAbove;
        long service = shed ? 1_000_000L : this.service.applyAsLong(this.now) * Math.max(k, n) / k;
        if (this.jitter > 0.0) {
            service += (long) (service * this.jitter * this.random.nextDouble());
        }
        this.running.add(new long[] { this.now + service, this.now, n, shed ? 1 : 0 });
    }

    private void finish(long[] task) {
        this.now = task[0];
        this.inflight--;
        this.samples++;
        this.limiter.sample(task[1], task[0] - task[1], (int) task[2], task[3] == 1);
        this.trace.add(new long[] { this.now, this.limiter.limit() });
    }

    /** The highest L at any sample between two times. */
    int maxLimit(long from, long to) {
        return this.trace.stream()
            .filter((s) -> s[0] >= from && s[0] < to)
            .mapToInt((s) -> (int) s[1])
            .max()
            .orElseThrow();
    }

    /** The lowest L at any sample between two times. */
    int minLimit(long from, long to) {
        return this.trace.stream()
            .filter((s) -> s[0] >= from && s[0] < to)
            .mapToInt((s) -> (int) s[1])
            .min()
            .orElseThrow();
    }

    /** The first time at or after {@code from} when L satisfied the test, or -1. */
    long firstTime(long from, IntPredicate test) {
        return this.trace.stream()
            .filter((s) -> s[0] >= from && test.test((int) s[1]))
            .mapToLong((s) -> s[0])
            .findFirst()
            .orElse(-1L);
    }

    /** The last time at or after {@code from} when L satisfied the test, or -1. */
    long lastTime(long from, IntPredicate test) {
        return this.trace.stream()
            .filter((s) -> s[0] >= from && test.test((int) s[1]))
            .mapToLong((s) -> s[0])
            .reduce((first, second) -> second)
            .orElse(-1L);
    }

    /** The tasks finished per second between two times. */
    double throughput(long from, long to) {
        return this.trace.stream().filter((s) -> s[0] >= from && s[0] < to).count() * (double) SECOND / (to - from);
    }

    /** L sampled every 250 ms, for a failure message. */
    String describe() {
        StringBuilder out = new StringBuilder();
        long next = 0L;
        for (long[] s : this.trace) {
            if (s[0] >= next) {
                out.append(String.format("%.2fs:%d ", s[0] / (double) SECOND, s[1]));
                next = s[0] + SECOND / 4;
            }
        }
        return out.toString();
    }

}
