package io.poolworks.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.redis.StreamBacklog;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.spring.StreamBinding;
import io.poolworks.spring.StreamSourceRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows every Redis stream feeding a pool of the
 * application ({@code poolworks.streams}, and sources registered in the
 * {@link StreamSourceRegistry}): where it reads, how much work its consumer group has,
 * and what this instance did with it.
 * <p>
 * Over HTTP: {@code GET /actuator/streams} lists the bindings, {@code GET
 * /actuator/streams/{binding}} shows one (404 when there is no such binding). Each asks
 * Redis for the group's backlog ({@code XINFO GROUPS}), at most once a second per
 * binding; while Redis is unreachable the backlog is {@code null}. The endpoint has no
 * write operation.
 * <p>
 * Thread-safe.
 */
@Endpoint(id = "streams")
public final class StreamsEndpoint {

    private final StreamSourceRegistry registry;

    /**
     * Create an endpoint for the given registry.
     * @param registry the stream sources
     */
    public StreamsEndpoint(StreamSourceRegistry registry) {
        this.registry = registry;
    }

    /**
     * Describe every binding, in registration order.
     * @return the bindings
     */
    @ReadOperation
    public StreamsDescriptor streams() {
        Map<String, StreamBindingDescriptor> bindings = new LinkedHashMap<>();
        this.registry.bindings()
            .forEach((binding) -> bindings.put(binding.name(), StreamBindingDescriptor.of(binding)));
        return new StreamsDescriptor(bindings);
    }

    /**
     * Describe one binding.
     * @param binding the binding's name
     * @return the binding, or {@code null} if there is no binding by that name
     */
    @ReadOperation
    public @Nullable StreamBindingDescriptor stream(@Selector String binding) {
        return this.registry.find(binding).map(StreamBindingDescriptor::of).orElse(null);
    }

    /**
     * The streams of the application.
     *
     * @param bindings the bindings by name, in registration order
     */
    public record StreamsDescriptor(Map<String, StreamBindingDescriptor> bindings) implements OperationResponseBody {

    }

    /**
     * One binding: its settings, its consumer group's backlog as Redis reports it, and
     * the counts of this instance since it started.
     *
     * @param binding the binding's name
     * @param pool the pool the stream feeds
     * @param stream the stream key
     * @param group the consumer group
     * @param consumer this instance's consumer name in the group
     * @param deadLetter the dead-letter stream key
     * @param claimIdle how long an entry is pending before it is claimed and run again
     * @param maxDeliveries the delivery whose failure dead-letters an entry
     * @param reachable whether the source's last operation on Redis succeeded
     * @param unreachableSince when the outage under way began, or {@code null} while
     * Redis is reachable
     * @param pending the entries delivered to the group's consumers (every instance) and
     * not acknowledged, or {@code null} if Redis did not answer
     * @param lag the entries of the stream not yet delivered to the group, or
     * {@code null} if Redis did not answer or cannot tell (Redis before 7.0)
     * @param lastDeliveredId the id of the last entry delivered to the group, or
     * {@code null} if Redis did not answer
     * @param inFlight the entries this instance holds: queued in the pool, running, or
     * waiting for their acknowledgement
     * @param delivered the entries handed to the pool, first and repeated deliveries
     * @param acknowledged the entries acknowledged (handled, dead-lettered, or gone from
     * the stream)
     * @param claimed the entries claimed from consumers that held them longer than
     * {@code claimIdle}
     * @param retried the entries handed to the pool again, on a repeated delivery
     * @param deadLettered the entries moved to the dead-letter stream
     * @param handlerFailures the handler calls that threw
     * @param readErrors the failed reads and claims
     * @param ackErrors the failed acknowledgements and dead-letter copies
     * @param outages the Redis outages seen
     */
    public record StreamBindingDescriptor(String binding, String pool, String stream, String group, String consumer,
            String deadLetter, Duration claimIdle, int maxDeliveries, boolean reachable,
            @Nullable Instant unreachableSince, @Nullable Long pending, @Nullable Long lag,
            @Nullable String lastDeliveredId, int inFlight, long delivered, long acknowledged, long claimed,
            long retried, long deadLettered, long handlerFailures, long readErrors, long ackErrors,
            long outages) implements OperationResponseBody {

        static StreamBindingDescriptor of(StreamBinding binding) {
            StreamSource source = binding.source();
            StreamSourceStats stats = source.stats();
            StreamBacklog backlog = binding.backlog().orElse(null);
            Instant unreachableSince = stats.reachable() ? null : Instant.now().minus(stats.unreachableFor());
            return new StreamBindingDescriptor(binding.name(), binding.pool(), source.stream(), source.group(),
                    source.consumer(), source.deadLetter(), source.claimIdle(), source.maxDeliveries(),
                    stats.reachable(), unreachableSince, (backlog != null) ? backlog.pending() : null,
                    (backlog != null) ? backlog.lag() : null, (backlog != null) ? backlog.lastDeliveredId() : null,
                    stats.inFlight(), stats.delivered(), stats.acknowledged(), stats.claimed(), stats.retried(),
                    stats.deadLettered(), stats.handlerFailures(), stats.readErrors(), stats.ackErrors(),
                    stats.outages());
        }

    }

}
