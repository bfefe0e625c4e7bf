package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.poolworks.PoolSettings;
import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spring.SharedRateLimit;
import org.jspecify.annotations.Nullable;

/**
 * A pool's effective settings in one line, in the words and units of
 * {@code application.yml}, for the startup log.
 */
final class PoolDescription {

    private PoolDescription() {
    }

    static String of(WorkerPool pool) {
        PoolStats stats = pool.stats();
        PoolSettings settings = pool.settings();
        List<String> parts = new ArrayList<>();
        parts.add("min-workers " + stats.minWorkers() + ", max-workers " + stats.maxWorkers());
        parts.add("queue-capacity " + stats.queueCapacity() + " (" + dashed(settings.queueOrder()) + ")");
        parts.add("saturation " + dashed(settings.saturationPolicy()));
        RateLimit rateLimit = settings.rateLimit();
        if (rateLimit != null) {
            parts.add("rate-limit " + PoolTunables.describe(rateLimit)
                    + SharedRateLimit.of(settings.startPermits())
                        .map((shared) -> " shared in Redis at key '" + shared.key() + "' (on-store-failure "
                                + shared.onStoreFailure() + ")")
                        .orElse(""));
        }
        else if (settings.rateLimited()) {
            parts.add("rate-limit from a start-permit source");
        }
        parts.add("idle-timeout " + Durations.format(settings.idleTimeout()));
        parts.add("drain-timeout " + Durations.format(settings.drainTimeout()) + " + termination-grace "
                + Durations.format(settings.terminationGrace()));
        optional(parts, "task-timeout", settings.taskTimeout());
        optional(parts, "max-queue-wait", settings.maxQueueWait());
        optional(parts, "priority-aging", settings.priorityAging());
        String threads = settings.virtualThreads() ? "virtual threads" : "platform threads";
        parts.add((settings.threadNamePrefix() != null) ? threads + " '" + settings.threadNamePrefix() + "'"
                : threads + " from a thread factory");
        if (stats.state() == PoolState.PAUSED) {
            parts.add("paused");
        }
        return String.join(", ", parts);
    }

    private static void optional(List<String> parts, String key, @Nullable Duration value) {
        if (value != null) {
            parts.add(key + " " + Durations.format(value));
        }
    }

    private static String dashed(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

}
