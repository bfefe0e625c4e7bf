package io.poolworks;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An adaptive limit's algorithm that proposes what a test says, for pool tests that need
 * L to move on cue: installed in a builder (with an {@link AdaptiveLimit} set there), it
 * keeps proposing its current value on every window the pool feeds it, or the value given
 * to {@link #propose(int)} from the next window on. The pool's guard still applies: drops
 * and overloaded windows cut L without asking it.
 */
public final class ScriptedLimit {

    private final AtomicInteger proposal = new AtomicInteger();

    private final AtomicInteger windows = new AtomicInteger();

    /**
     * Make the builder's pool use this algorithm for its adaptive limit.
     * @param builder the builder
     * @return the builder
     */
    public WorkerPool.Builder install(WorkerPool.Builder builder) {
        builder.limitAlgorithms = Algorithm::new;
        return builder;
    }

    /**
     * Propose the given limit from the next window on.
     * @param limit the limit
     */
    public void propose(int limit) {
        this.proposal.set(limit);
    }

    /**
     * Return how many windows the pool fed to the algorithm.
     * @return the windows
     */
    public int windows() {
        return this.windows.get();
    }

    private final class Algorithm implements LimitAlgorithm {

        private int limit;

        Algorithm(int initial) {
            this.limit = initial;
        }

        @Override
        public int update(long start, long rtt, int inflight, boolean drop) {
            ScriptedLimit.this.windows.incrementAndGet();
            int proposed = ScriptedLimit.this.proposal.get();
            this.limit = (proposed != 0) ? proposed : this.limit;
            return this.limit;
        }

    }

}
