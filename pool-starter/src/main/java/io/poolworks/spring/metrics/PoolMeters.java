package io.poolworks.spring.metrics;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of one pool that come from {@link WorkerPool#stats()}, so that every
 * registered pool gets them, however it was built: the gauges and the completed counter
 * of Micrometer's {@code ExecutorServiceMetrics}, with its names, units and descriptions,
 * the {@code poolworks.*} counters, without a base unit, and the state gauges.
 * <p>
 * Every meter holds the pool through Micrometer's weak reference and no function captures
 * it, so meters never keep a pool alive.
 */
final class PoolMeters {

    static final String NAME_TAG = "name";

    static final String REASON_TAG = "reason";

    static final String STATE_TAG = "state";

    static final String REJECTED = "poolworks.tasks.rejected";

    static final String REJECTED_DESCRIPTION = "The number of tasks the pool refused";

    /**
     * Reason of the rejections of a pool whose events the starter does not see.
     */
    static final String UNKNOWN_REASON = "unknown";

    private PoolMeters() {
    }

    static void bind(WorkerPool pool, MeterRegistry registry) {
        Tags tags = Tags.of(NAME_TAG, pool.name());
        counter(registry, pool, tags, "executor.completed", BaseUnits.TASKS,
                "The approximate total number of tasks that have completed execution",
                // Like ThreadPoolExecutor's completed task count: every task that ran to
                // its end, whether it returned or threw.
                (stats) -> stats.completed() + stats.failed() + stats.timedOut());
        gauge(registry, pool, tags, "executor.active", BaseUnits.THREADS,
                "The approximate number of threads that are actively executing tasks", PoolStats::activeWorkers);
        gauge(registry, pool, tags, "executor.queued", BaseUnits.TASKS,
                "The approximate number of tasks that are queued for execution", PoolStats::queued);
        gauge(registry, pool, tags, "executor.queue.remaining", BaseUnits.TASKS,
                "The number of additional elements that this queue can ideally accept without blocking",
                PoolStats::remainingCapacity);
        gauge(registry, pool, tags, "executor.pool.size", BaseUnits.THREADS,
                "The current number of threads in the pool", PoolStats::workers);
        gauge(registry, pool, tags, "executor.pool.core", BaseUnits.THREADS, "The core number of threads for the pool",
                PoolStats::minWorkers);
        gauge(registry, pool, tags, "executor.pool.max", BaseUnits.THREADS,
                "The maximum allowed number of threads in the pool", PoolStats::maxWorkers);
        // No base unit on the poolworks.* counters: their names already say what they
        // count, and Prometheus appends a base unit to the name (a base unit of "tasks"
        // made poolworks.tasks.failed poolworks_tasks_failed_tasks_total).
        counter(registry, pool, tags, "poolworks.tasks.submitted", null, "The number of tasks the pool accepted",
                PoolStats::submitted);
        counter(registry, pool, tags, "poolworks.tasks.failed", null,
                "The number of tasks that threw an exception or an error", PoolStats::failed);
        counter(registry, pool, tags, "poolworks.tasks.cancelled", null,
                "The number of tasks cancelled before or while they ran", PoolStats::cancelled);
        counter(registry, pool, tags, "poolworks.tasks.timed.out", null,
                "The number of tasks cancelled because they ran longer than the task timeout", PoolStats::timedOut);
        counter(registry, pool, tags, "poolworks.tasks.expired", null,
                "The number of tasks dropped because they waited in the queue longer than the maximum queue wait",
                PoolStats::expired);
        counter(registry, pool, tags, "poolworks.tasks.caller.runs", null,
                "The number of tasks run in the submitting thread because the pool was full", PoolStats::callerRuns);
        counter(registry, pool, tags, "poolworks.rate.limit.waits", null,
                "The number of times a worker waited for the rate limit before it could start a task",
                PoolStats::rateLimitWaits);
        if (pool.settings().adaptiveLimit() != null) {
            gauge(registry, pool, tags, "poolworks.adaptive.limit", null,
                    "The number of tasks the adaptive limit lets run at once", PoolStats::adaptiveLimit);
        }
        // One series per state, as poolworks.worker.state: an alert matches the state
        // without knowing the other states' numbers.
        for (PoolState state : PoolState.values()) {
            Gauge.builder("poolworks.pool.state", pool, (measured) -> (measured.stats().state() == state) ? 1 : 0)
                .tags(tags)
                .tag(STATE_TAG, tagValue(state))
                .description("Whether the pool is in this state (1) or not (0)")
                .register(registry);
        }
        // A pool built by the WorkerPoolFactory already counts its rejections by reason
        // (PoolEventMeters); any other pool counts them from its stats.
        if (registry.find(REJECTED).tags(tags).meter() == null) {
            counter(registry, pool, tags.and(REASON_TAG, UNKNOWN_REASON), REJECTED, null, REJECTED_DESCRIPTION,
                    PoolStats::rejected);
        }
    }

    static String tagValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void gauge(MeterRegistry registry, WorkerPool pool, Tags tags, String name,
            @Nullable String baseUnit, String description, ToDoubleFunction<PoolStats> value) {
        Gauge.builder(name, pool, (measured) -> value.applyAsDouble(measured.stats()))
            .tags(tags)
            .description(description)
            .baseUnit(baseUnit)
            .register(registry);
    }

    private static void counter(MeterRegistry registry, WorkerPool pool, Tags tags, String name,
            @Nullable String baseUnit, String description, ToDoubleFunction<PoolStats> value) {
        FunctionCounter.builder(name, pool, (measured) -> value.applyAsDouble(measured.stats()))
            .tags(tags)
            .description(description)
            .baseUnit(baseUnit)
            .register(registry);
    }

}
