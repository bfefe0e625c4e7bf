package io.poolworks.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of what a {@link StreamSource} did in this instance, for endpoints and
 * meters; taken without asking Redis ({@link StreamSource#backlog()} asks it). Counters
 * are cumulative since the source was built. Instances are immutable and thread-safe.
 *
 * @param stream the stream key
 * @param group the consumer group
 * @param consumer this source's consumer name
 * @param reachable whether the last operation on Redis succeeded
 * @param unreachableFor how long Redis has been unreachable: the time since the first
 * failure of the outage under way, {@link Duration#ZERO} while it is reachable
 * @param inFlight the entries held now: read from Redis and neither acknowledged nor
 * given up (queued in the pool, running, waiting to be handed over or waiting for their
 * acknowledgement); at most the pool's {@code maxWorkers + queueCapacity}
 * @param delivered the entries handed to the pool, first deliveries and repeated ones
 * @param acknowledged the entries whose acknowledgement Redis confirmed (handled, dead
 * lettered, or found deleted from the stream)
 * @param claimed the entries taken over with {@code XAUTOCLAIM} after they had been
 * pending longer than the claim-idle time, on any consumer
 * @param retried the entries handed to the pool again, on a repeated delivery: claimed
 * ones and this consumer's own pending ones re-read when it started
 * @param deadLettered the entries copied to the dead-letter stream
 * @param handlerFailures the handler calls that threw (their entries stay pending or go
 * to the dead-letter stream)
 * @param readErrors the failed reads, claims and group creations (each is retried after a
 * backoff)
 * @param ackErrors the failed acknowledgement batches and dead-letter copies (each is
 * retried)
 * @param outages the outages that began (each is logged once when it begins and once when
 * it ends)
 */
public record StreamSourceStats(String stream, String group, String consumer, boolean reachable,
        Duration unreachableFor, int inFlight, long delivered, long acknowledged, long claimed, long retried,
        long deadLettered, long handlerFailures, long readErrors, long ackErrors, long outages) {

    /**
     * Validate a snapshot.
     * @param stream the stream key
     * @param group the consumer group
     * @param consumer the consumer name
     * @param reachable whether Redis is reachable
     * @param unreachableFor how long Redis has been unreachable, zero while reachable
     * @param inFlight the entries held now
     * @param delivered the entries handed to the pool
     * @param acknowledged the entries acknowledged
     * @param claimed the entries claimed
     * @param retried the entries handed over again
     * @param deadLettered the entries dead-lettered
     * @param handlerFailures the handler failures
     * @param readErrors the failed reads and claims
     * @param ackErrors the failed acknowledgements and dead-letter copies
     * @param outages the outages that began
     * @throws NullPointerException if {@code stream}, {@code group}, {@code consumer} or
     * {@code unreachableFor} is {@code null}
     */
    public StreamSourceStats {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(consumer, "consumer must not be null");
        Objects.requireNonNull(unreachableFor, "unreachableFor must not be null");
    }

}
