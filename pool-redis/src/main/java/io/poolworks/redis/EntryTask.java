package io.poolworks.redis;

import java.io.InterruptedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream entry as a pool task: runs the handler, then acknowledges the entry, moves
 * it to the dead letters after its last delivery, or leaves it pending.
 */
final class EntryTask implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(StreamSource.class);

    private final StreamEntry entry;

    private final Delivery delivery;

    EntryTask(StreamEntry entry, Delivery delivery) {
        this.entry = entry;
        this.delivery = delivery;
    }

    StreamEntry entry() {
        return this.entry;
    }

    @Override
    public void run() {
        Delivery delivery = this.delivery;
        delivery.inFlight().started();
        Throwable failure = null;
        try {
            delivery.handler().handle(this.entry);
        }
        catch (Throwable ex) {
            failure = ex;
        }
        if (failure == null) {
            delivery.acks().ack(this.entry.id());
            return;
        }
        failed(failure);
        if (failure instanceof Error error) {
            throw error;
        }
    }

    private void failed(Throwable failure) {
        Delivery delivery = this.delivery;
        StreamSettings settings = delivery.settings();
        delivery.counters().handlerFailures.increment();
        if (interrupted(failure)) {
            // A shutdown cancelled it: not the entry's fault, so never a dead letter.
            logger.debug("{}: entry {} was interrupted; it stays pending", settings.describe(), this.entry.id());
            delivery.inFlight().release(this.entry.id());
            return;
        }
        if (this.entry.deliveries() >= settings.maxDeliveries()) {
            delivery.deadLetters().move(this.entry, failure);
            return;
        }
        logger.warn(
                "{}: entry {} failed on delivery {} of {}; it stays pending and is delivered again once it has "
                        + "been idle for {}",
                settings.describe(), this.entry.id(), this.entry.deliveries(), settings.maxDeliveries(),
                settings.claimIdle(), failure);
        delivery.inFlight().release(this.entry.id());
    }

    private static boolean interrupted(Throwable failure) {
        return Thread.currentThread().isInterrupted() || failure instanceof InterruptedException
                || failure instanceof InterruptedIOException;
    }

    @Override
    public String toString() {
        return "entry " + this.entry.id() + " of stream '" + this.entry.stream() + "' (delivery "
                + this.entry.deliveries() + "; pending in Redis until acknowledged)";
    }

    /** What every entry task of a source shares. */
    record Delivery(StreamSettings settings, StreamHandler handler, InFlight inFlight, Acknowledgements acks,
            DeadLetters deadLetters, StreamCounters counters) {

    }

}
