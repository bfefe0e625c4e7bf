package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.poolworks.PoolSettings;
import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a pool that can change while it runs, through
 * {@link io.poolworks.PoolTuning}: a snapshot, to log what a change did.
 *
 * @param minWorkers the minimum number of workers
 * @param maxWorkers the maximum number of workers
 * @param queueCapacity the queue capacity
 * @param rateLimit the rate limit, or {@code null} for none (or one the pool cannot
 * describe, such as a shared permit source)
 * @param paused whether the pool holds its queued tasks
 * @param adaptiveLimitPinned the value the adaptive limit is pinned to, or {@code null}
 * when it adapts (or there is none)
 */
public record PoolTunables(int minWorkers, int maxWorkers, int queueCapacity, @Nullable RateLimit rateLimit,
        boolean paused, @Nullable Integer adaptiveLimitPinned) {

    /**
     * Take a snapshot of a pool's tunable settings.
     * @param pool the pool
     * @return the snapshot
     */
    public static PoolTunables of(WorkerPool pool) {
        PoolStats stats = pool.stats();
        PoolSettings settings = pool.settings();
        return new PoolTunables(stats.minWorkers(), stats.maxWorkers(), stats.queueCapacity(), settings.rateLimit(),
                stats.state() == PoolState.PAUSED, settings.adaptiveLimitPinned());
    }

    /**
     * Describe what differs from this snapshot to another, in the words of
     * {@code application.yml}: {@code max-workers 4 -> 8}.
     * @param after the other snapshot
     * @return one entry per setting that differs; empty when none does
     */
    public List<String> changesTo(PoolTunables after) {
        List<String> changes = new ArrayList<>();
        change(changes, "min-workers", this.minWorkers, after.minWorkers);
        change(changes, "max-workers", this.maxWorkers, after.maxWorkers);
        change(changes, "queue-capacity", this.queueCapacity, after.queueCapacity);
        change(changes, "rate-limit", describe(this.rateLimit), describe(after.rateLimit));
        change(changes, "paused", this.paused, after.paused);
        change(changes, "adaptive-limit pinned", pinned(this.adaptiveLimitPinned), pinned(after.adaptiveLimitPinned));
        return changes;
    }

    private static String pinned(@Nullable Integer pinned) {
        return (pinned != null) ? pinned.toString() : "no";
    }

    static String describe(@Nullable RateLimit rateLimit) {
        return (rateLimit != null) ? rateLimit.permits() + " per " + Durations.format(rateLimit.period()) + " (burst "
                + rateLimit.burst() + ")" : "none";
    }

    private static void change(List<String> changes, String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(key + " " + before + " -> " + after);
        }
    }

}
