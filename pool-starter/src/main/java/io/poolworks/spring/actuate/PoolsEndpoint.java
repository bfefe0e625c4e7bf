package io.poolworks.spring.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.poolworks.AdaptiveLimit;
import io.poolworks.PoolSettings;
import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;
import io.poolworks.spring.SharedRateLimit;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolTunables;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows every pool of the {@link WorkerPoolRegistry},
 * with its settings and stats, and tunes a pool at run time.
 * <p>
 * Over HTTP: {@code GET /actuator/pools} lists all pools, {@code GET
 * /actuator/pools/{name}} shows one (404 when there is no such pool), and {@code POST
 * /actuator/pools/{name}} tunes one. The write operation exists only with
 * {@code management.endpoint.pools.access=unrestricted}: the endpoint's default access is
 * read-only. A write takes a JSON object with any of these members and answers the tuned
 * pool: <pre>{@code
 * {
 *   "minWorkers": 2,          // 0 to 32767
 *   "maxWorkers": 16,         // 1 to 32767, >= minWorkers
 *   "queueCapacity": 1000,    // >= 0
 *   "permits": 50,            // rate limit: tasks started per period, >= 1
 *   "period": "1s",           // rate limit period, positive: 500ms, 1s, PT1S...
 *   "burst": 10,              // rate limit burst, >= 1
 *   "removeRateLimit": true,  // remove the rate limit; not with permits, period or burst
 *   "action": "pause",        // pause | resume
 *   "adaptiveLimit": 8,       // pin the adaptive limit: 1 to maxWorkers
 *   "unpinAdaptiveLimit": true // let it adapt again, from the pinned value; not with adaptiveLimit
 * }
 * }</pre> Members left out keep their value: a request may set only {@code maxWorkers},
 * or only {@code burst} of an existing rate limit. The bounds are the pool's own
 * ({@link io.poolworks.WorkerPool#MAX_WORKERS} workers at most). A write is one atomic
 * {@link io.poolworks.PoolTuning#update update}: every value is checked before any is
 * applied, so an invalid request changes nothing: it answers 400 with a body that names
 * each invalid value ({@link InvalidTuningDescriptor}), also for a member the request
 * does not know or a value of the wrong type ({@code [6]}, {@code {}}). A write to an
 * unknown pool answers 404. When the write is not permitted, it answers 405 with a body
 * that names the property that grants it. Each write is logged at INFO with the old and
 * new values and, with Spring Security, the principal.
 * {@code management.endpoints.access.default=unrestricted} grants the write as well, and
 * {@code management.endpoints.access.max-permitted=read-only} withholds it whatever the
 * endpoint's own access says.
 * <p>
 * Thread-safe. Writes through this endpoint are applied one at a time.
 */
@Endpoint(id = "pools", defaultAccess = Access.READ_ONLY)
public final class PoolsEndpoint {

    private static final Logger logger = LoggerFactory.getLogger(PoolsEndpoint.class);

    private final WorkerPoolRegistry registry;

    private final Object writeLock = new Object();

    /**
     * Create an endpoint for the pools of the given registry.
     * @param registry the registry
     */
    public PoolsEndpoint(WorkerPoolRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
    }

    /**
     * Describe every pool, in registration order.
     * @return the pools by name; empty when there is none
     */
    @ReadOperation
    public PoolsDescriptor pools() {
        Map<String, PoolDescriptor> pools = new LinkedHashMap<>();
        this.registry.pools().forEach((pool) -> pools.put(pool.name(), PoolDescriptor.of(pool)));
        return new PoolsDescriptor(pools);
    }

    /**
     * Describe one pool.
     * @param name the pool name
     * @return the pool, or {@code null} if there is no pool by that name
     */
    @ReadOperation
    public @Nullable PoolDescriptor pool(@Selector String name) {
        return this.registry.find(name).map(PoolDescriptor::of).orElse(null);
    }

    /**
     * Tune one pool. Each {@code null} argument keeps its value; at least one must be
     * given. Every value is checked, by the pool's own rules, before any is applied, and
     * all are applied in one {@link io.poolworks.PoolTuning#update update}. The change is
     * logged at INFO with the old and new values and, when there is one, the principal.
     * @param name the pool name
     * @param minWorkers the new minimum number of workers
     * @param maxWorkers the new maximum number of workers, at least the minimum (the
     * given one, else the current one)
     * @param queueCapacity the new queue capacity
     * @param permits the rate limit's tasks per period; required when the pool has no
     * rate limit yet and {@code period} or {@code burst} is given
     * @param period the rate limit's period, such as {@code 1s}, {@code 500ms} or
     * {@code PT1S}; required when the pool has no rate limit yet and {@code permits} or
     * {@code burst} is given
     * @param burst the rate limit's burst; when the pool has no rate limit yet it
     * defaults to {@code permits}
     * @param removeRateLimit {@code true} to remove the rate limit; must not be combined
     * with {@code permits}, {@code period} or {@code burst}
     * @param action {@code pause} or {@code resume} (in any case)
     * @param adaptiveLimit the value to pin the adaptive limit to, {@code 1} to
     * {@code maxWorkers}; only for a pool with an adaptive limit
     * @param unpinAdaptiveLimit {@code true} to let a pinned adaptive limit adapt again;
     * must not be combined with {@code adaptiveLimit}
     * @param securityContext who asks, when Spring Security says
     * @return the tuned pool, or {@code null} if there is no pool by that name
     * @throws InvalidEndpointRequestException if a value is invalid, or none is given;
     * its reason names every invalid value, its field and its rule, and the pool is left
     * unchanged
     */
    @WriteOperation
    public @Nullable PoolDescriptor tune(@Selector String name, @Nullable Integer minWorkers,
            @Nullable Integer maxWorkers, @Nullable Integer queueCapacity, @Nullable Long permits,
            @Nullable String period, @Nullable Long burst, @Nullable Boolean removeRateLimit, @Nullable String action,
            @Nullable Integer adaptiveLimit, @Nullable Boolean unpinAdaptiveLimit, SecurityContext securityContext) {
        return tune(name, new TuningRequest(minWorkers, maxWorkers, queueCapacity, permits, period, burst,
                removeRateLimit, action, adaptiveLimit, unpinAdaptiveLimit), securityContext.getPrincipal());
    }

    /**
     * Tune one pool as the request says, or not at all.
     * @param name the pool name
     * @param request the request
     * @param principal who asks, if known
     * @return the tuned pool, or {@code null} if there is no pool by that name
     * @throws InvalidTuningException if a value is invalid
     */
    @Nullable PoolDescriptor tune(String name, TuningRequest request, @Nullable Principal principal) {
        WorkerPool pool = this.registry.find(name).orElse(null);
        if (pool == null) {
            return null;
        }
        synchronized (this.writeLock) {
            PoolTunables before = PoolTunables.of(pool);
            request.applyTo(pool);
            List<String> changes = before.changesTo(PoolTunables.of(pool));
            logger.info("Pool '{}' tuned through the pools endpoint{}: {}", name,
                    (principal != null) ? " by '" + principal.getName() + "'" : "",
                    changes.isEmpty() ? "no change" : String.join(", ", changes));
        }
        return PoolDescriptor.of(pool);
    }

    /**
     * Every pool, by name.
     *
     * @param pools the pools by name, in registration order
     */
    public record PoolsDescriptor(Map<String, PoolDescriptor> pools) implements OperationResponseBody {

    }

    /**
     * One pool: its state, what it is set to and what it measured, from one stats
     * snapshot.
     *
     * @param name the pool name
     * @param state the life-cycle state
     * @param settings the settings, including those tuned at run time
     * @param stats the sizes and counters
     */
    public record PoolDescriptor(String name, PoolState state, SettingsDescriptor settings,
            StatsDescriptor stats) implements OperationResponseBody {

        static PoolDescriptor of(WorkerPool pool) {
            PoolStats stats = pool.stats();
            return new PoolDescriptor(pool.name(), stats.state(), SettingsDescriptor.of(stats, pool.settings()),
                    StatsDescriptor.of(stats));
        }

    }

    /**
     * The settings of a pool. Durations that are not set are {@code null}.
     *
     * @param minWorkers the minimum number of workers kept alive
     * @param maxWorkers the maximum number of workers
     * @param queueCapacity the number of tasks the queue holds
     * @param queueOrder the order in which queued tasks start
     * @param saturationPolicy what a submit does when the queue is full
     * @param idleTimeout how long a worker above the minimum waits for a task
     * @param blockTimeout how long a blocking submit waits for room
     * @param drainTimeout how long a graceful shutdown lets tasks finish
     * @param terminationGrace how long a shutdown waits for workers after cancelling
     * tasks
     * @param priorityAging the aging interval of a priority queue
     * @param taskTimeout the task timeout
     * @param maxQueueWait the maximum queue wait
     * @param rateLimited whether task starts are rate limited
     * @param rateLimit the rate limit, {@code null} when there is none or when it is a
     * user-supplied bucket
     * @param virtualThreads whether workers are virtual threads
     * @param threadNamePrefix the prefix of worker thread names, {@code null} when a
     * thread factory names them
     * @param adaptiveLimit the adaptive limit's settings, {@code null} when there is none
     * (its current value is in the stats)
     */
    public record SettingsDescriptor(int minWorkers, int maxWorkers, int queueCapacity, QueueOrder queueOrder,
            SaturationPolicy saturationPolicy, Duration idleTimeout, Duration blockTimeout, Duration drainTimeout,
            Duration terminationGrace, @Nullable Duration priorityAging, @Nullable Duration taskTimeout,
            @Nullable Duration maxQueueWait, boolean rateLimited, @Nullable RateLimitDescriptor rateLimit,
            boolean virtualThreads, @Nullable String threadNamePrefix,
            @Nullable AdaptiveLimitDescriptor adaptiveLimit) {

        static SettingsDescriptor of(PoolStats stats, PoolSettings settings) {
            RateLimit rateLimit = settings.rateLimit();
            return new SettingsDescriptor(stats.minWorkers(), stats.maxWorkers(), stats.queueCapacity(),
                    settings.queueOrder(), settings.saturationPolicy(), settings.idleTimeout(), settings.blockTimeout(),
                    settings.drainTimeout(), settings.terminationGrace(), settings.priorityAging(),
                    settings.taskTimeout(), settings.maxQueueWait(), settings.rateLimited(),
                    (rateLimit != null) ? RateLimitDescriptor.of(rateLimit, settings) : null, settings.virtualThreads(),
                    settings.threadNamePrefix(), AdaptiveLimitDescriptor.of(settings));
        }

    }

    /**
     * The settings of an adaptive limit.
     *
     * @param algorithm the algorithm
     * @param initial the limit it started with
     * @param min the lowest limit
     * @param max the highest limit
     * @param pinned the value the limit is pinned to by tuning, {@code null} while it
     * adapts
     */
    public record AdaptiveLimitDescriptor(AdaptiveLimit.Algorithm algorithm, int initial, int min, int max,
            @Nullable Integer pinned) {

        static @Nullable AdaptiveLimitDescriptor of(PoolSettings settings) {
            AdaptiveLimit limit = settings.adaptiveLimit();
            return (limit != null) ? new AdaptiveLimitDescriptor(limit.algorithm(), limit.initial(), limit.min(),
                    limit.max(), settings.adaptiveLimitPinned()) : null;
        }

    }

    /**
     * A token-bucket limit on task starts.
     *
     * @param permits the tasks started per period
     * @param period the period
     * @param burst the most tokens saved up for a burst
     * @param scope where the bucket lives: {@code local} to this instance, or
     * {@code cluster} when it is shared in Redis by every instance using its key
     * @param key the Redis key of a shared bucket, {@code null} for a local one
     * @param onStoreFailure what a shared bucket does while Redis cannot be reached
     * ({@code pause}, {@code local} or {@code open}), {@code null} for a local one
     * @param storeReachable whether the last operation on Redis succeeded, {@code null}
     * for a local bucket
     */
    public record RateLimitDescriptor(long permits, Duration period, long burst, String scope, @Nullable String key,
            @Nullable String onStoreFailure, @Nullable Boolean storeReachable) {

        /**
         * Describe a limit local to this instance.
         * @param permits the tasks started per period
         * @param period the period
         * @param burst the most tokens saved up for a burst
         */
        public RateLimitDescriptor(long permits, Duration period, long burst) {
            this(permits, period, burst, "local", null, null, null);
        }

        static RateLimitDescriptor of(RateLimit rateLimit, PoolSettings settings) {
            SharedRateLimit shared = SharedRateLimit.of(settings.startPermits()).orElse(null);
            if (shared == null) {
                return new RateLimitDescriptor(rateLimit.permits(), rateLimit.period(), rateLimit.burst());
            }
            return new RateLimitDescriptor(rateLimit.permits(), rateLimit.period(), rateLimit.burst(), "cluster",
                    shared.key(), shared.onStoreFailure(), shared.storeReachable());
        }

    }

    /**
     * The sizes and counters of a pool; counters are cumulative since the pool was built.
     *
     * @param workers the number of live workers
     * @param activeWorkers the number of busy workers
     * @param idleWorkers the number of workers waiting for a task
     * @param peakWorkers the largest number of workers at once
     * @param utilization the share of busy workers, from 0.0 to 1.0 of {@code maxWorkers}
     * @param queued the number of tasks waiting in the queue
     * @param remainingCapacity how many more tasks the queue takes
     * @param running the number of tasks running
     * @param submitted the number of tasks accepted
     * @param completed the number of tasks that returned normally
     * @param failed the number of tasks that threw
     * @param cancelled the number of tasks cancelled
     * @param timedOut the number of tasks that ran longer than the task timeout
     * @param expired the number of tasks that waited longer than the maximum queue wait
     * @param unstarted the number of queued tasks handed back by a shutdown
     * @param rejected the number of tasks refused
     * @param callerRuns the number of tasks run in the submitting thread
     * @param rateLimitWaits the number of waits for the rate limit
     * @param adaptiveLimit how many tasks the adaptive limit lets run at once now, found
     * or pinned; {@code 0} when the pool has no adaptive limit
     */
    public record StatsDescriptor(int workers, int activeWorkers, int idleWorkers, int peakWorkers, double utilization,
            int queued, int remainingCapacity, long running, long submitted, long completed, long failed,
            long cancelled, long timedOut, long expired, long unstarted, long rejected, long callerRuns,
            long rateLimitWaits, int adaptiveLimit) {

        static StatsDescriptor of(PoolStats stats) {
            return new StatsDescriptor(stats.workers(), stats.activeWorkers(), stats.idleWorkers(), stats.peakWorkers(),
                    stats.utilization(), stats.queued(), stats.remainingCapacity(), stats.running(), stats.submitted(),
                    stats.completed(), stats.failed(), stats.cancelled(), stats.timedOut(), stats.expired(),
                    stats.unstarted(), stats.rejected(), stats.callerRuns(), stats.rateLimitWaits(),
                    stats.adaptiveLimit());
        }

    }

    /**
     * Why a write was refused: every invalid value of the request.
     *
     * @param pool the pool name
     * @param violations the invalid values, in the order of the request's fields
     */
    public record InvalidTuningDescriptor(String pool,
            List<ViolationDescriptor> violations) implements OperationResponseBody {

        /**
         * Copy the violations.
         * @param pool the pool name
         * @param violations the invalid values
         */
        public InvalidTuningDescriptor {
            violations = List.copyOf(violations);
        }

    }

    /**
     * One invalid value of a write.
     *
     * @param field the request field
     * @param value the value given, or {@code null} when the field is missing
     * @param reason the rule it breaks, naming the field, the value and the pool
     */
    public record ViolationDescriptor(String field, @Nullable Object value, String reason) {

    }

}
