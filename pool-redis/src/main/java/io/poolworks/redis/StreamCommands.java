package io.poolworks.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import org.jspecify.annotations.Nullable;

/**
 * The stream commands a source sends, on one connection, each bounded by a timeout: the
 * Redis side of the source, and the parsing of its answers.
 */
final class StreamCommands {

    /** The cursor of XAUTOCLAIM that starts a scan, and that ends one. */
    static final String SCAN_START = "0-0";

    private final RedisAsyncCommands<String, String> commands;

    private final StreamSettings settings;

    private final Consumer<String> consumer;

    StreamCommands(RedisAsyncCommands<String, String> commands, StreamSettings settings) {
        this.commands = commands;
        this.settings = settings;
        this.consumer = Consumer.from(settings.group(), settings.consumer());
    }

    /**
     * Create the group at the start of the stream, and the stream if it is missing; a
     * group that exists is left as it is.
     */
    void ensureGroup() throws InterruptedException {
        try {
            await(this.commands.xgroupCreate(StreamOffset.from(this.settings.stream(), "0"), this.settings.group(),
                    XGroupCreateArgs.Builder.mkstream()), this.settings.requestTimeout());
        }
        catch (RedisCommandExecutionException ex) {
            if (ex.getMessage() == null || !ex.getMessage().startsWith("BUSYGROUP")) {
                throw ex;
            }
        }
    }

    /** Read up to {@code count} new entries, waiting up to the poll timeout for some. */
    List<StreamMessage<String, String>> readNew(int count) throws InterruptedException {
        XReadArgs args = XReadArgs.Builder.count(count).block(this.settings.pollTimeout());
        return await(this.commands.xreadgroup(this.consumer, args, StreamOffset.lastConsumed(this.settings.stream())),
                this.settings.readTimeout());
    }

    /**
     * Re-read up to {@code count} entries this consumer has read and not acknowledged,
     * with ids after {@code after}. An entry deleted from the stream meanwhile comes with
     * no fields.
     */
    List<StreamMessage<String, String>> readOwnPending(String after, int count) throws InterruptedException {
        return await(this.commands.xreadgroup(this.consumer, XReadArgs.Builder.count(count),
                StreamOffset.from(this.settings.stream(), after)), this.settings.requestTimeout());
    }

    /**
     * Claim up to {@code count} entries pending longer than the claim-idle time on any
     * consumer, scanning the group's pending list from {@code cursor}.
     */
    ClaimedMessages<String, String> claim(String cursor, int count) throws InterruptedException {
        XAutoClaimArgs<String> args = XAutoClaimArgs.Builder
            .xautoclaim(this.consumer, this.settings.claimIdle(), cursor)
            .count(count);
        return await(this.commands.xautoclaim(this.settings.stream(), args), this.settings.requestTimeout());
    }

    /**
     * Return how many times each of this consumer's pending entries between two ids
     * (inclusive) has been delivered, for at most {@code limit} entries.
     */
    Map<String, Long> deliveries(String first, String last, int limit) throws InterruptedException {
        List<PendingMessage> pending = await(this.commands.xpending(this.settings.stream(), this.consumer,
                Range.create(first, last), Limit.from(limit)), this.settings.requestTimeout());
        Map<String, Long> deliveries = new HashMap<>();
        for (PendingMessage message : pending) {
            deliveries.put(message.getId(), message.getRedeliveryCount());
        }
        return deliveries;
    }

    /** Acknowledge entries; the answer comes later. */
    RedisFuture<Long> ack(String[] ids) {
        return this.commands.xack(this.settings.stream(), this.settings.group(), ids);
    }

    /** Add an entry to the dead-letter stream. */
    String addDeadLetter(Map<String, String> fields) throws InterruptedException {
        return await(this.commands.xadd(this.settings.deadLetter(), fields), this.settings.requestTimeout());
    }

    /** Ask for the group's pending count and lag. */
    StreamBacklog backlog() throws InterruptedException {
        List<Object> reply = await(this.commands.xinfoGroups(this.settings.stream()), this.settings.requestTimeout());
        Map<String, @Nullable Object> fields = groupFields(reply, this.settings.group());
        if (fields == null) {
            throw new RedisException(
                    "No consumer group '" + this.settings.group() + "' on stream '" + this.settings.stream() + "'");
        }
        Object pending = fields.get("pending");
        Object lastDelivered = fields.get("last-delivered-id");
        return new StreamBacklog(this.settings.stream(), this.settings.group(),
                (pending instanceof Number number) ? number.longValue() : 0L, number(fields.get("lag")),
                (lastDelivered != null) ? lastDelivered.toString() : SCAN_START);
    }

    /**
     * Find the fields of the named group in an XINFO GROUPS reply: each group is a list
     * of alternating names and values (RESP2's arrays and RESP3's maps alike), nested at
     * a depth that depends on the protocol.
     */
    private static @Nullable Map<String, @Nullable Object> groupFields(List<?> reply, String group) {
        Map<String, @Nullable Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (reply.get(i) instanceof String name) {
                fields.put(name, reply.get(i + 1));
            }
        }
        if (group.equals(fields.get("name"))) {
            return fields;
        }
        for (Object element : reply) {
            if (element instanceof List<?> nested) {
                Map<String, @Nullable Object> found = groupFields(nested, group);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static @Nullable Long number(@Nullable Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && !text.isEmpty()) {
            try {
                return Long.parseLong(text);
            }
            catch (NumberFormatException ex) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether Redis answered that the group (or the stream) does not exist: the data was
     * lost or deleted.
     */
    static boolean isNoGroup(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof RedisCommandExecutionException && message != null && message.startsWith("NOGROUP");
    }

    /** Whether Redis answered that the key holds something else than a stream. */
    static boolean isWrongType(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof RedisCommandExecutionException && message != null && message.startsWith("WRONGTYPE");
    }

    /**
     * Wait for a command's answer. A command that does not answer in time, or whose wait
     * is interrupted, is cancelled, so that answers never pile up behind a dead
     * connection.
     * @throws RedisException if the command failed or timed out
     * @throws InterruptedException if the thread was interrupted
     */
    static <T> T await(RedisFuture<T> future, Duration timeout) throws InterruptedException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            future.cancel(false);
            throw new RedisCommandTimeoutException("Redis did not answer within " + timeout.toMillis() + " ms");
        }
        catch (InterruptedException ex) {
            future.cancel(false);
            throw ex;
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RedisException redis) {
                throw redis;
            }
            throw new RedisException(cause);
        }
    }

}
