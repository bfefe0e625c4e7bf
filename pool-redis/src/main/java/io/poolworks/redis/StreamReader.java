package io.poolworks.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.WorkerContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a stream source: on a connection of its own, re-reads this consumer's
 * pending entries, then alternates between claiming entries idle too long and reading new
 * ones, each time asking for no more than the pool has room for, and hands what it read
 * to the pool. Owned by the run's thread; the entries it read and could not hand over yet
 * wait in {@code inHand} (they count as held, so they are within the bound).
 * <p>
 * The room for a read is the smaller of what the pool takes now and its capacity
 * ({@code maxWorkers + queueCapacity}) less the entries held. To read in batches, it
 * waits for room for half a batch unless the pool has started every entry it was given
 * (then its workers are about to starve and any room is worth a read).
 */
final class StreamReader {

    private static final Logger logger = LoggerFactory.getLogger(StreamSource.class);

    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * The longest wait for room without a signal: a pool shared with other submitters
     * gains room that nobody signals.
     */
    private static final long ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StreamSettings settings;

    private final Supplier<StatefulRedisConnection<String, String>> connector;

    private final WorkerPool pool;

    private final EntryTask.Delivery delivery;

    private final Outage outage;

    private final BooleanSupplier closed;

    private final ArrayDeque<EntryTask> inHand = new ArrayDeque<>();

    private @Nullable StatefulRedisConnection<String, String> connection;

    private @Nullable StreamCommands commands;

    /** Whether the consumer group is known to exist. */
    private boolean groupReady;

    /** Whether this consumer's own pending entries have all been re-read. */
    private boolean ownPendingRead;

    private String ownPendingCursor = "0";

    private String claimCursor = StreamCommands.SCAN_START;

    private long nextClaimAt = System.nanoTime();

    private long backoffNanos = MIN_BACKOFF_NANOS;

    StreamReader(StreamSettings settings, Supplier<StatefulRedisConnection<String, String>> connector, WorkerPool pool,
            EntryTask.Delivery delivery, Outage outage, BooleanSupplier closed) {
        this.settings = settings;
        this.connector = connector;
        this.pool = pool;
        this.delivery = delivery;
        this.outage = outage;
        this.closed = closed;
    }

    void run(WorkerContext ctx) {
        try {
            loop(ctx);
        }
        catch (InterruptedException ex) {
            // Stopped while waiting for Redis.
            Thread.currentThread().interrupt();
        }
        finally {
            stopped();
        }
    }

    private void loop(WorkerContext ctx) throws InterruptedException {
        while (!stopping(ctx)) {
            try {
                step(ctx);
                this.backoffNanos = MIN_BACKOFF_NANOS;
            }
            catch (RedisException ex) {
                if (stopping(ctx)) {
                    return;
                }
                this.delivery.counters().readErrors.increment();
                if (StreamCommands.isWrongType(ex)) {
                    // Not a stream: retrying cannot help.
                    throw ex;
                }
                if (StreamCommands.isNoGroup(ex)) {
                    groupLost();
                    continue;
                }
                this.outage.failed("reading", ex);
                if (!ctx.sleep(Duration.ofNanos(this.backoffNanos))) {
                    return;
                }
                this.backoffNanos = Math.min(this.backoffNanos * 2, MAX_BACKOFF_NANOS);
            }
        }
    }

    private boolean stopping(WorkerContext ctx) {
        return ctx.isStopping() || Thread.currentThread().isInterrupted() || this.closed.getAsBoolean();
    }

    /** Read, claim or wait for room: one round trip to Redis at most. */
    private void step(WorkerContext ctx) throws InterruptedException {
        StreamCommands commands = commands();
        this.delivery.acks().send();
        InFlight inFlight = this.delivery.inFlight();
        long seen = inFlight.changes();
        if (!handOver()) {
            if (this.pool.isShutdown()) {
                poolShutDown(ctx);
                return;
            }
            inFlight.awaitChange(seen, ROOM_WAIT_NANOS);
            return;
        }
        PoolStats stats = this.pool.stats();
        int room = room(stats);
        int threshold = Math.max(1,
                Math.min(this.settings.batchSize(), stats.maxWorkers() + stats.queueCapacity()) / 2);
        if (room <= 0 || (room < threshold && inFlight.notStarted() > 0)) {
            inFlight.awaitChange(seen, ROOM_WAIT_NANOS);
            return;
        }
        if (!this.ownPendingRead) {
            readOwnPending(commands, room);
        }
        else if (System.nanoTime() - this.nextClaimAt >= 0L) {
            claim(commands, room);
        }
        else {
            List<StreamMessage<String, String>> messages = commands.readNew(room);
            this.outage.succeeded();
            for (StreamMessage<String, String> message : messages) {
                take(new StreamEntry(message.getStream(), message.getId(), message.getBody(), 1L));
            }
        }
        handOver();
    }

    private StreamCommands commands() throws InterruptedException {
        StreamCommands commands = this.commands;
        if (commands != null) {
            if (!this.groupReady) {
                commands.ensureGroup();
                this.groupReady = true;
            }
            return commands;
        }
        StatefulRedisConnection<String, String> connection = this.connector.get();
        try {
            // The blocking read must not time out in Lettuce before Redis answers it.
            if (connection.getTimeout().compareTo(this.settings.readTimeout()) < 0) {
                connection.setTimeout(this.settings.readTimeout());
            }
            commands = new StreamCommands(connection.async(), this.settings);
            commands.ensureGroup();
        }
        catch (RuntimeException | InterruptedException ex) {
            connection.closeAsync();
            throw ex;
        }
        this.connection = connection;
        this.commands = commands;
        this.groupReady = true;
        return commands;
    }

    private void readOwnPending(StreamCommands commands, int room) throws InterruptedException {
        List<StreamMessage<String, String>> messages = commands.readOwnPending(this.ownPendingCursor, room);
        this.outage.succeeded();
        if (messages.isEmpty()) {
            this.ownPendingRead = true;
            return;
        }
        this.ownPendingCursor = messages.get(messages.size() - 1).getId();
        redeliver(commands, messages);
    }

    private void claim(StreamCommands commands, int room) throws InterruptedException {
        ClaimedMessages<String, String> claimed = commands.claim(this.claimCursor, room);
        this.outage.succeeded();
        String next = claimed.getId();
        if (next == null || StreamCommands.SCAN_START.equals(next)) {
            // The scan of the pending list is complete: the next one is due later.
            this.claimCursor = StreamCommands.SCAN_START;
            this.nextClaimAt = System.nanoTime() + this.settings.claimInterval().toNanos();
        }
        else {
            this.claimCursor = next;
        }
        List<StreamMessage<String, String>> messages = claimed.getMessages();
        int taken = 0;
        for (StreamMessage<String, String> message : messages) {
            if (!this.delivery.inFlight().holds(message.getId())) {
                taken++;
            }
        }
        this.delivery.counters().claimed.add(taken);
        redeliver(commands, messages);
    }

    /**
     * Take entries delivered before (claimed, or re-read): learn how often each was
     * delivered, and move those delivered too often to the dead letters.
     */
    private void redeliver(StreamCommands commands, List<StreamMessage<String, String>> messages)
            throws InterruptedException {
        InFlight inFlight = this.delivery.inFlight();
        List<StreamMessage<String, String>> fresh = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            // One still in this JVM's pool (from an earlier run, or idle in the queue) is
            // not handed over twice.
            if (message.getId() != null && !inFlight.holds(message.getId())) {
                fresh.add(message);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<String, Long> deliveries = commands.deliveries(fresh.get(0).getId(), fresh.get(fresh.size() - 1).getId(),
                fresh.size() + inFlight.size());
        for (StreamMessage<String, String> message : fresh) {
            String id = message.getId();
            Long count = deliveries.get(id);
            if (count == null) {
                // Acknowledged or claimed by another consumer meanwhile: not ours.
                continue;
            }
            Map<String, String> body = message.getBody();
            if (body == null || body.isEmpty()) {
                // Deleted from the stream while pending: nothing to handle.
                if (inFlight.hold(id)) {
                    this.delivery.acks().ack(id);
                }
                continue;
            }
            StreamEntry entry = new StreamEntry(message.getStream(), id, body, Math.max(1L, count));
            if (entry.deliveries() > this.settings.maxDeliveries()) {
                if (inFlight.hold(id)) {
                    this.delivery.deadLetters().move(entry, null);
                }
                continue;
            }
            take(entry);
        }
    }

    private void take(StreamEntry entry) {
        if (this.delivery.inFlight().hold(entry.id())) {
            this.inHand.add(new EntryTask(entry, this.delivery));
        }
    }

    /**
     * Offer the entries in hand to the pool, in order, until it refuses one.
     * @return whether none is left in hand
     */
    private boolean handOver() {
        InFlight inFlight = this.delivery.inFlight();
        StreamCounters counters = this.delivery.counters();
        for (EntryTask task = this.inHand.peek(); task != null; task = this.inHand.peek()) {
            inFlight.handing();
            if (!this.pool.tryExecute(task)) {
                inFlight.refused();
                return false;
            }
            this.inHand.poll();
            counters.delivered.increment();
            if (task.entry().deliveries() > 1L) {
                counters.retried.increment();
            }
        }
        return true;
    }

    /** How many entries to read now: what the pool takes, within its capacity. */
    private int room(PoolStats stats) {
        int capacity = stats.maxWorkers() + stats.queueCapacity();
        int room = Math.min(capacity - this.delivery.inFlight().size(), stats.headroom());
        return Math.min(room, this.settings.batchSize());
    }

    /** The next step creates the group again, within the loop's error handling. */
    private void groupLost() {
        logger.warn("{}: the consumer group is missing (the stream was deleted, or Redis lost its data); creating it "
                + "again", this.settings.describe());
        this.groupReady = false;
        this.ownPendingRead = false;
        this.ownPendingCursor = "0";
        this.claimCursor = StreamCommands.SCAN_START;
    }

    private void poolShutDown(WorkerContext ctx) {
        logger.info("{}: pool '{}' is shut down; the source stops reading until it is stopped (entries not handed to "
                + "the pool stay pending in Redis)", this.settings.describe(), this.pool.name());
        ctx.awaitStop();
    }

    /**
     * Leave the entries in hand pending, confirm the acknowledgements of the finished
     * ones and close the connection; the entries in the pool are acknowledged as they
     * finish.
     */
    private void stopped() {
        InFlight inFlight = this.delivery.inFlight();
        int left = this.inHand.size();
        for (EntryTask task : this.inHand) {
            inFlight.release(task.entry().id());
        }
        this.inHand.clear();
        boolean interrupted = Thread.interrupted();
        try {
            boolean flushed = this.delivery.acks().flush(this.settings.requestTimeout());
            logger.info(
                    "{} stopped reading; {} entries read but not handed to the pool stay pending in Redis, {} are "
                            + "in the pool, acknowledgements {}",
                    this.settings.describe(), left, inFlight.size(),
                    flushed ? "confirmed" : "still unconfirmed: " + this.delivery.acks().unconfirmed());
        }
        catch (InterruptedException ex) {
            interrupted = true;
        }
        finally {
            StatefulRedisConnection<String, String> connection = this.connection;
            if (connection != null) {
                connection.closeAsync();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
