package io.poolworks.redis;

/**
 * Handles one entry of a Redis stream, in a worker of the pool a {@link StreamSource}
 * feeds. The entry is acknowledged when {@link #handle(StreamEntry)} returns; when it
 * throws, the entry stays pending in Redis and is delivered again after the source's
 * {@linkplain StreamSource.Builder#claimIdle(java.time.Duration) claim-idle} time, until
 * its {@linkplain StreamSource.Builder#maxDeliveries(int) maximum deliveries}, after
 * which it is copied to the dead-letter stream with the failure and acknowledged.
 * <pre>{@code
 * StreamHandler ship = (entry) -> {
 *     String order = entry.fields().get("order");
 *     if (!shipments.alreadyShipped(order)) {   // idempotent: the entry may come again
 *         shipments.ship(order);
 *     }
 * };
 * }</pre>
 * <p>
 * <b>Delivery is at least once.</b> An entry can be handled more than once: when the
 * instance crashed after the handler returned but before the acknowledgement reached
 * Redis, when a shutdown cancelled the handler while it ran, or when the handler ran
 * longer than the claim-idle time and another consumer claimed the entry. Handlers must
 * be idempotent ({@link StreamEntry#id()} is a natural key for that, and
 * {@link StreamEntry#deliveries()} tells a first delivery from a repeated one).
 * <p>
 * A handler is called from several pool workers at once, one entry per call: it must be
 * thread-safe. A shutdown's cancel phase interrupts the worker's thread; a handler that
 * ends because of the interruption leaves its entry pending (it is never dead-lettered
 * for it).
 */
@FunctionalInterface
public interface StreamHandler {

    /**
     * Handle one entry.
     * @param entry the entry, never {@code null}
     * @throws Exception any failure: the entry stays pending and is delivered again, or
     * dead-lettered once it has been delivered the maximum number of times
     */
    void handle(StreamEntry entry) throws Exception;

}
