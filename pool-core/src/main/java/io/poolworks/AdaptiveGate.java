package io.poolworks;

/**
 * The engine's side of an {@link AdaptiveLimit}: how many tasks run under the limit L (in
 * flight), and what that leaves to start. Guarded by the engine's lock; L itself is read
 * from the {@link AdaptiveLimiter} without a lock.
 * <p>
 * A task is in flight from the moment a worker takes it out of the queue until that
 * worker comes back for its next task (or exits): coming back means the task ended, so
 * counting needs no lock round trip of its own. A task may start only while fewer than L
 * are in flight; a worker that may not start one waits as an idle worker and exits after
 * the idle timeout as usual. Only {@code min(free, L - inflight)} of the free workers are
 * free for queued tasks, which keeps the queue bound exact; a worker is started for a
 * task only if L leaves room for more workers than are free. When L grows, the worker
 * that sees it first wakes the others.
 */
final class AdaptiveGate {

    private final AdaptiveLimiter limiter;

    /** Tasks taken under the limit whose worker has not come back. */
    private int inflight;

    /** L when a worker last looked, to tell that it grew. */
    private int seen;

    AdaptiveGate(AdaptiveLimiter limiter) {
        this.limiter = limiter;
        this.seen = limiter.limit();
    }

    /** The current limit L. */
    int limit() {
        return this.limiter.limit();
    }

    /** Whether one more task may start now. */
    boolean admits() {
        return this.inflight < this.limiter.limit();
    }

    /** How many more tasks may start now. */
    private int headroom() {
        return Math.max(0, this.limiter.limit() - this.inflight);
    }

    /** How many of the {@code free} workers may start a queued task now. */
    int open(int free) {
        return Math.min(free, headroom());
    }

    /** Whether L leaves room for a worker beyond the {@code free} ones. */
    boolean roomForWorker(int free) {
        return free < headroom();
    }

    /** How many of the {@code queued} tasks may start now, for staffing. */
    int startable(int queued) {
        return Math.min(queued, headroom());
    }

    /** The worker took the task in its slot: it is in flight. */
    void started(RunSlot slot) {
        slot.inflight = ++this.inflight;
    }

    /**
     * The worker is back (or gone), so the task it took ended.
     * @return whether L grew since a worker last looked
     */
    boolean returned(RunSlot slot) {
        if (slot.inflight > 0) {
            slot.inflight = 0;
            this.inflight--;
        }
        int limit = this.limiter.limit();
        boolean grew = limit > this.seen;
        this.seen = limit;
        return grew;
    }

}
