package io.poolworks.redis;

import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves entries that were delivered too often to the dead-letter stream: a copy with the
 * failure ({@code XADD}), then the acknowledgement of the original. If the copy fails the
 * entry stays pending and is claimed again later; if the instance dies between the two,
 * the entry may be copied twice.
 */
final class DeadLetters {

    private static final Logger logger = LoggerFactory.getLogger(StreamSource.class);

    /** Failure messages are cut to this length in the dead-letter entry. */
    private static final int MAX_MESSAGE_LENGTH = 4_000;

    private final StreamCommands commands;

    private final StreamSettings settings;

    private final Acknowledgements acks;

    private final InFlight inFlight;

    private final StreamCounters counters;

    private final Outage outage;

    DeadLetters(StreamCommands commands, StreamSettings settings, Acknowledgements acks, InFlight inFlight,
            StreamCounters counters, Outage outage) {
        this.commands = commands;
        this.settings = settings;
        this.acks = acks;
        this.inFlight = inFlight;
        this.counters = counters;
        this.outage = outage;
    }

    /**
     * Move a held entry to the dead-letter stream and acknowledge it, or leave it pending
     * and release it if the copy fails.
     * @param entry the entry
     * @param failure the handler's last failure, or {@code null} if none was seen
     */
    void move(StreamEntry entry, @Nullable Throwable failure) {
        try {
            this.commands.addDeadLetter(fields(entry, failure));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.inFlight.release(entry.id());
            return;
        }
        catch (RedisException ex) {
            this.counters.ackErrors.increment();
            this.outage.failed("XADD to dead-letter stream '" + this.settings.deadLetter() + "'", ex);
            this.inFlight.release(entry.id());
            return;
        }
        this.outage.succeeded();
        this.counters.deadLettered.increment();
        if (failure != null) {
            logger.warn("{}: entry {} failed on its last delivery ({} of {}), moved to dead-letter stream '{}': {}",
                    this.settings.describe(), entry.id(), entry.deliveries(), this.settings.maxDeliveries(),
                    this.settings.deadLetter(), Outage.describe(failure));
        }
        else {
            logger.warn(
                    "{}: entry {} was delivered {} times without an acknowledgement, moved to dead-letter stream "
                            + "'{}'",
                    this.settings.describe(), entry.id(), entry.deliveries(), this.settings.deadLetter());
        }
        this.acks.ack(entry.id());
    }

    private Map<String, String> fields(StreamEntry entry, @Nullable Throwable failure) {
        Map<String, String> fields = new LinkedHashMap<>(entry.fields());
        fields.put(StreamSource.DEAD_LETTER_ID, entry.id());
        fields.put(StreamSource.DEAD_LETTER_STREAM, entry.stream());
        fields.put(StreamSource.DEAD_LETTER_GROUP, this.settings.group());
        fields.put(StreamSource.DEAD_LETTER_CONSUMER, this.settings.consumer());
        fields.put(StreamSource.DEAD_LETTER_DELIVERIES, Long.toString(entry.deliveries()));
        if (failure != null) {
            String message = failure.getMessage();
            fields.put(StreamSource.DEAD_LETTER_ERROR, failure.getClass().getName());
            fields.put(StreamSource.DEAD_LETTER_MESSAGE, cut((message != null) ? message : ""));
        }
        else {
            fields.put(StreamSource.DEAD_LETTER_ERROR, "");
            fields.put(StreamSource.DEAD_LETTER_MESSAGE,
                    "delivered " + entry.deliveries() + " times without an acknowledgement (max-deliveries "
                            + this.settings.maxDeliveries() + "): its consumers stopped or crashed while handling it");
        }
        return fields;
    }

    private static String cut(String message) {
        return (message.length() > MAX_MESSAGE_LENGTH) ? message.substring(0, MAX_MESSAGE_LENGTH) : message;
    }

}
