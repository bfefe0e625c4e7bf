package io.poolworks.spring.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.poolworks.redis.StreamBacklog;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.spring.StreamBinding;

/**
 * The meters of a Redis stream that feeds a pool, tagged {@code name=<pool>} and
 * {@code binding=<binding>}: the consumer group's backlog as Redis reports it (pending
 * and lag, one {@code XINFO GROUPS} per binding at most once a second, shared by both
 * gauges; {@code NaN} while Redis is unreachable, and the lag on Redis before 7.0), and
 * what this instance did, from the source's statistics (entries held, whether Redis
 * answers, and the counters).
 * <p>
 * Each meter holds its binding through Micrometer's weak reference, and the
 * {@link io.poolworks.spring.StreamSourceRegistry} holds the binding.
 */
final class StreamMeters {

    static final String BINDING_TAG = "binding";

    private StreamMeters() {
    }

    static void bind(StreamBinding binding, MeterRegistry registry) {
        Tags tags = Tags.of(PoolMeters.NAME_TAG, binding.pool(), BINDING_TAG, binding.name());
        backlog(registry, binding, tags, "poolworks.stream.pending",
                "The number of entries delivered to the consumer group (on every instance) and not yet "
                        + "acknowledged, as Redis reports it",
                StreamBacklog::pending);
        backlog(registry, binding, tags, "poolworks.stream.lag",
                "The number of entries of the stream not yet delivered to the consumer group, as Redis 7 reports it",
                (backlog) -> (backlog.lag() != null) ? backlog.lag() : Double.NaN);
        stats(registry, binding, tags, "poolworks.stream.in.flight",
                "The number of entries this instance holds: queued in the pool, running, or waiting for their "
                        + "acknowledgement",
                StreamSourceStats::inFlight);
        stats(registry, binding, tags, "poolworks.stream.reachable",
                "Whether the stream source reaches Redis (1) or not (0)", (stats) -> stats.reachable() ? 1 : 0);
        counter(registry, binding, tags, "poolworks.stream.delivered",
                "The number of entries handed to the pool, first and repeated deliveries",
                StreamSourceStats::delivered);
        counter(registry, binding, tags, "poolworks.stream.acknowledged",
                "The number of entries acknowledged: handled, dead-lettered, or gone from the stream",
                StreamSourceStats::acknowledged);
        counter(registry, binding, tags, "poolworks.stream.claimed",
                "The number of entries claimed after they were pending longer than claim-idle on any consumer",
                StreamSourceStats::claimed);
        counter(registry, binding, tags, "poolworks.stream.retried",
                "The number of entries handed to the pool again, on a repeated delivery", StreamSourceStats::retried);
        counter(registry, binding, tags, "poolworks.stream.dead.lettered",
                "The number of entries moved to the dead-letter stream after their last delivery",
                StreamSourceStats::deadLettered);
        counter(registry, binding, tags, "poolworks.stream.handler.failures",
                "The number of times the stream handler threw", StreamSourceStats::handlerFailures);
        counter(registry, binding, tags, "poolworks.stream.read.errors",
                "The number of reads and claims of the stream source that failed", StreamSourceStats::readErrors);
        counter(registry, binding, tags, "poolworks.stream.ack.errors",
                "The number of acknowledgements and dead-letter copies of the stream source that failed",
                StreamSourceStats::ackErrors);
    }

    private static void backlog(MeterRegistry registry, StreamBinding binding, Tags tags, String name,
            String description, ToDoubleFunction<StreamBacklog> value) {
        Gauge
            .builder(name, binding,
                    (measured) -> measured.backlog().map(value::applyAsDouble).orElse(Double.NaN).doubleValue())
            .tags(tags)
            .description(description)
            .register(registry);
    }

    private static void stats(MeterRegistry registry, StreamBinding binding, Tags tags, String name, String description,
            ToDoubleFunction<StreamSourceStats> value) {
        Gauge.builder(name, binding, (measured) -> value.applyAsDouble(measured.source().stats()))
            .tags(tags)
            .description(description)
            .register(registry);
    }

    private static void counter(MeterRegistry registry, StreamBinding binding, Tags tags, String name,
            String description, ToDoubleFunction<StreamSourceStats> value) {
        FunctionCounter.builder(name, binding, (measured) -> value.applyAsDouble(measured.source().stats()))
            .tags(tags)
            .description(description)
            .register(registry);
    }

}
