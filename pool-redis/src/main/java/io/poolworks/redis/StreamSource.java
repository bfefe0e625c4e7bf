package io.poolworks.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.poolworks.InvalidSettingException;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Worker;
import io.poolworks.conductor.WorkerContext;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a {@link WorkerPool} from a Redis stream through a consumer group, so that work
 * survives the crash of an instance and spreads over every instance that reads the same
 * group. An entry is acknowledged only when its {@link StreamHandler} returned.
 * <pre>{@code
 * WorkerPool ingest = WorkerPool.builder("ingest").maxWorkers(8).queueCapacity(100).build();
 * RedisClient redis = RedisClient.create("redis://localhost:6379");
 * StreamSource orders = StreamSource.builder(redis, "orders")
 *         .group("order-workers")                 // created (with the stream) if missing
 *         .consumer("orders-" + instanceId)       // unique per instance
 *         .pool(ingest)
 *         .handler((entry) -> ship(entry.fields()))
 *         .claimIdle(Duration.ofSeconds(30))
 *         .maxDeliveries(5)
 *         .build();
 * Conductor conductor = Conductor.builder("app").worker("orders", orders).build();
 * conductor.start();
 * // ... at the end: stop reading, drain the pool, then close the source
 * conductor.stop();
 * ingest.shutdownGracefully();
 * orders.close();
 * }</pre>
 * <p>
 * <b>Reading.</b> The source is a {@link Worker}: run it in a
 * {@link io.poolworks.conductor.Conductor}, which starts it after the pools exist and
 * stops it before they drain. Its run opens a connection of its own for the blocking
 * {@code XREADGROUP} (a blocking read on a shared connection would stall every other
 * command on it), first re-reads the entries this consumer had read and not acknowledged
 * (after a restart), then reads new ones. It reads only as many entries as the pool has
 * room for: the entries it holds (read and not yet acknowledged, whether queued in the
 * pool, running or waiting for their acknowledgement) never exceed the pool's
 * {@code maxWorkers + queueCapacity}. It hands them over with
 * {@link WorkerPool#tryExecute(Runnable)}, so the pool's saturation policy never blocks
 * it or runs a handler on its thread.
 * <p>
 * <b>Failures.</b> A handler that throws leaves its entry pending. Every
 * {@code claimIdle / 2} (at most every 30 seconds) the source claims entries that have
 * been pending longer than {@code claimIdle} on any consumer of the group, a crashed one
 * included ({@code XAUTOCLAIM}), and runs them again. An entry whose handler failed on
 * its {@code maxDeliveries}-th delivery, or that has been delivered more often than that
 * without an acknowledgement (its consumers crashed or stopped each time), is copied to
 * the {@linkplain Builder#deadLetter(String) dead-letter stream} with the failure and
 * acknowledged. {@code claimIdle} must be longer than an entry may wait in the pool's
 * queue and run: an entry held longer than that may be claimed by another instance and
 * run twice.
 * <p>
 * <b>Delivery is at least once; handlers must be idempotent.</b> After a crash, the
 * entries the instance held are delivered again to another consumer once they have been
 * idle for {@code claimIdle}: the duplicates are bounded by what the crashed instance
 * held, at most the pool's {@code maxWorkers + queueCapacity}. Acknowledgements are sent
 * in batches (one {@code XACK} at a time, carrying every entry that finished while the
 * previous one was under way), and an entry counts as held until Redis confirmed its
 * acknowledgement, so the bound includes acknowledgements not yet sent.
 * <p>
 * <b>Stopping.</b> When its worker context stops, the source stops reading, waits (up to
 * the request timeout) for the acknowledgements of the entries that finished, closes its
 * reading connection and returns. Entries it read but had not handed to the pool are
 * simply left pending. Entries in the pool keep running: drain the pool after the source
 * stopped ({@link WorkerPool#shutdownGracefully()}); each entry that finishes during the
 * drain is acknowledged at once, and the tasks the drain hands back unstarted
 * ({@link io.poolworks.ShutdownReport#unstarted()}) are entries that stay pending in
 * Redis: another instance claims them after {@code claimIdle}, or this consumer re-reads
 * them when it starts again. Nothing is lost and nothing needs to be logged as lost
 * ({@link #entryOf(Runnable)} tells such tasks apart). {@link #close()} comes last, after
 * the pool terminated.
 * <p>
 * <b>Redis outages.</b> Lettuce reconnects by itself; the source retries its reads with a
 * backoff (100 ms doubling to 5 s) and keeps unconfirmed acknowledgements to send again.
 * Each outage is logged once when it begins (WARN) and once when it ends (INFO). If the
 * consumer group disappeared (Redis restarted without persistence, or the stream was
 * deleted), the source creates it again.
 * <p>
 * The source owns two connections made from the given client: one for acknowledgements,
 * dead letters and {@link #backlog()}, opened by {@link Builder#build()} and closed by
 * {@link #close()}, and one per run for reading. The client stays the caller's. One
 * source reads one stream for one consumer; it runs on one thread at a time. It is
 * thread-safe: {@link #stats()}, {@link #backlog()} and the accessors may be called from
 * any thread.
 */
public interface StreamSource extends Worker, AutoCloseable {

    /** Field of a dead-letter entry: the id the entry had in its stream. */
    String DEAD_LETTER_ID = "dead-letter-id";

    /** Field of a dead-letter entry: the stream the entry came from. */
    String DEAD_LETTER_STREAM = "dead-letter-stream";

    /** Field of a dead-letter entry: the consumer group that gave up on it. */
    String DEAD_LETTER_GROUP = "dead-letter-group";

    /** Field of a dead-letter entry: the consumer that moved it. */
    String DEAD_LETTER_CONSUMER = "dead-letter-consumer";

    /** Field of a dead-letter entry: how many times it had been delivered. */
    String DEAD_LETTER_DELIVERIES = "dead-letter-deliveries";

    /**
     * Field of a dead-letter entry: the class of the handler's last failure, or empty
     * when no handler failure was seen (its consumers stopped or crashed before they
     * acknowledged it).
     */
    String DEAD_LETTER_ERROR = "dead-letter-error";

    /**
     * Field of a dead-letter entry: the message of the handler's last failure (empty if
     * it had none), or why it was moved when no failure was seen.
     */
    String DEAD_LETTER_MESSAGE = "dead-letter-message";

    /**
     * Return a builder for a source that reads a stream of a standalone (or
     * Sentinel-managed) Redis.
     * @param client the Lettuce client to open the source's connections with; it stays
     * the caller's to shut down
     * @param stream the key of the stream
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws InvalidSettingException if the stream key is empty or blank
     */
    static Builder builder(RedisClient client, String stream) {
        Objects.requireNonNull(client, "client must not be null");
        return new Builder(() -> client.connect(StringCodec.UTF8), stream);
    }

    /**
     * Return a builder for a source that reads a stream of the standalone (or
     * Sentinel-managed) Redis at the given URI, for a client made without a default URI
     * or to use another database than the client's.
     * @param client the Lettuce client to open the source's connections with; it stays
     * the caller's to shut down
     * @param uri where the stream lives: host, credentials, TLS, database
     * @param stream the key of the stream
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws InvalidSettingException if the stream key is empty or blank
     */
    static Builder builder(RedisClient client, RedisURI uri, String stream) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(uri, "uri must not be null");
        return new Builder(() -> client.connect(StringCodec.UTF8, uri), stream);
    }

    /**
     * Return the stream entry a pool task of a stream source carries. Use it on the tasks
     * a pool's shutdown hands back ({@link io.poolworks.ShutdownReport#unstarted()}):
     * such an entry is not lost, it stays pending in Redis.
     * @param task a task, as a pool handed it back
     * @return the entry, or empty if the task is not one of a stream source
     * @throws NullPointerException if {@code task} is {@code null}
     */
    static Optional<StreamEntry> entryOf(Runnable task) {
        Objects.requireNonNull(task, "task must not be null");
        return (task instanceof EntryTask entryTask) ? Optional.of(entryTask.entry()) : Optional.empty();
    }

    /**
     * Read the stream and feed the pool until the context stops; see the type's
     * description. While Redis cannot be reached the run keeps retrying; it ends only
     * when it is stopped, or fails when it cannot create the consumer group (for example
     * because the key holds something else than a stream).
     * @param ctx the worker context
     * @throws IllegalStateException if the source is already running or is closed
     * @throws io.lettuce.core.RedisCommandExecutionException if Redis refuses to create
     * the consumer group
     */
    @Override
    void run(WorkerContext ctx) throws Exception;

    /**
     * Return the key of the stream.
     * @return the stream key
     */
    String stream();

    /**
     * Return the consumer group.
     * @return the group name
     */
    String group();

    /**
     * Return this source's consumer name in the group.
     * @return the consumer name
     */
    String consumer();

    /**
     * Return the key of the dead-letter stream.
     * @return the dead-letter stream key
     */
    String deadLetter();

    /**
     * Return how long an entry must have been pending before the source claims it.
     * @return the claim-idle time
     */
    Duration claimIdle();

    /**
     * Return the delivery whose failure sends an entry to the dead-letter stream.
     * @return the most deliveries
     */
    int maxDeliveries();

    /**
     * Return a snapshot of the source's counters, without asking Redis.
     * @return the statistics
     */
    StreamSourceStats stats();

    /**
     * Ask Redis how much work the consumer group has: one {@code XINFO GROUPS} on the
     * source's shared connection, bounded by the request timeout.
     * @return the backlog
     * @throws io.lettuce.core.RedisException if Redis cannot be reached or the group does
     * not exist
     */
    StreamBacklog backlog();

    /**
     * Send the acknowledgements still unconfirmed (waiting up to the request timeout) and
     * close the source's shared connection. Call it after the pool the source feeds has
     * terminated, so that the entries it finished are acknowledged. The client given to
     * the builder is left open. Entries whose acknowledgement could not be sent stay
     * pending and are delivered again.
     */
    @Override
    void close();

    /**
     * Builds a {@link StreamSource}. Mutable and not thread-safe; each setter checks its
     * value at once, {@link #build()} checks that the group, consumer, pool and handler
     * are set. The last write of a setting wins, and the builder can build again.
     */
    final class Builder {

        /** The default {@link #claimIdle(Duration)}. */
        public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofSeconds(30);

        /** The default {@link #maxDeliveries(int)}. */
        public static final int DEFAULT_MAX_DELIVERIES = 5;

        /** The default {@link #batchSize(int)}. */
        public static final int DEFAULT_BATCH_SIZE = 100;

        /** The largest {@link #batchSize(int)}. */
        public static final int MAX_BATCH_SIZE = 10_000;

        /** The default {@link #pollTimeout(Duration)}. */
        public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(1);

        /** The default {@link #requestTimeout(Duration)}. */
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

        /** The longest poll and request timeouts. */
        public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

        /** Redis counts idle times and blocking reads in milliseconds. */
        private static final Duration MIN_DURATION = Duration.ofMillis(1);

        private final Supplier<StatefulRedisConnection<String, String>> connector;

        private final String stream;

        private @Nullable String group;

        private @Nullable String consumer;

        private @Nullable WorkerPool pool;

        private @Nullable StreamHandler handler;

        private @Nullable String deadLetter;

        private Duration claimIdle = DEFAULT_CLAIM_IDLE;

        private int maxDeliveries = DEFAULT_MAX_DELIVERIES;

        private int batchSize = DEFAULT_BATCH_SIZE;

        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;

        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        Builder(Supplier<StatefulRedisConnection<String, String>> connector, String stream) {
            this.connector = connector;
            this.stream = name("stream", stream);
        }

        /**
         * Set the consumer group to read through; it is created at the start of the
         * stream (and the stream with it, {@code MKSTREAM}) if it does not exist, so that
         * entries added before the first consumer started are handled too. Required.
         * @param group the group name, not blank
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if empty or blank
         */
        public Builder group(String group) {
            this.group = name("group", group);
            return this;
        }

        /**
         * Set this source's consumer name in the group. Required. It must be unique among
         * the instances that read the group at the same time; keep it stable across
         * restarts of an instance if you can, so that a restarted instance re-reads its
         * own pending entries at once instead of waiting for another to claim them.
         * @param consumer the consumer name, not blank
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if empty or blank
         */
        public Builder consumer(String consumer) {
            this.consumer = name("consumer", consumer);
            return this;
        }

        /**
         * Set the pool that runs the handler. Required. The source holds at most the
         * pool's {@code maxWorkers + queueCapacity} entries at a time, read at each read,
         * so a pool tuned at run time is followed. The pool must not have a
         * {@code maxQueueWait}; its saturation policy does not matter (entries are handed
         * over with {@code tryExecute}).
         * @param pool the pool
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder pool(WorkerPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool must not be null");
            return this;
        }

        /**
         * Set the handler of each entry. Required.
         * @param handler the handler, thread-safe and idempotent
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder handler(StreamHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler must not be null");
            return this;
        }

        /**
         * Set how long an entry must have been pending, on any consumer, before this
         * source claims it and runs it again. It bounds how late a failed entry is
         * retried and how late a crashed instance's entries are taken over; it must be
         * longer than an entry may wait in the pool's queue and run. Default 30 seconds.
         * @param claimIdle the idle time, at least a millisecond
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if shorter than a millisecond
         */
        public Builder claimIdle(Duration claimIdle) {
            this.claimIdle = atLeastMillisecond("claimIdle", claimIdle);
            return this;
        }

        /**
         * Set how many times an entry is delivered before it goes to the dead-letter
         * stream: a handler failure on this delivery moves it there. Default 5.
         * @param maxDeliveries the deliveries, {@code >= 1}
         * @return this builder
         * @throws InvalidSettingException if less than 1
         */
        public Builder maxDeliveries(int maxDeliveries) {
            if (maxDeliveries < 1) {
                throw new InvalidSettingException("maxDeliveries", maxDeliveries,
                        "must be >= 1 for stream '" + this.stream + "'", null);
            }
            this.maxDeliveries = maxDeliveries;
            return this;
        }

        /**
         * Set the stream that entries go to after their last delivery: a copy of the
         * entry's fields plus the {@code dead-letter-*} fields named by the constants of
         * {@link StreamSource}. Default {@code <stream>:dead}.
         * @param deadLetter the dead-letter stream key, not blank and not the stream
         * itself
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if empty, blank or the stream itself
         */
        public Builder deadLetter(String deadLetter) {
            String key = name("deadLetter", deadLetter);
            if (key.equals(this.stream)) {
                throw new InvalidSettingException("deadLetter", "'" + key + "'",
                        "must not be the stream it collects from", null);
            }
            this.deadLetter = key;
            return this;
        }

        /**
         * Set the most entries one read or one claim asks Redis for. The source asks for
         * fewer when the pool has less room. Default 100.
         * @param batchSize the batch size, {@code 1} to {@value #MAX_BATCH_SIZE}
         * @return this builder
         * @throws InvalidSettingException if out of range
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new InvalidSettingException("batchSize", batchSize,
                        "must be between 1 and " + MAX_BATCH_SIZE + " for stream '" + this.stream + "'", null);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Set how long one read waits in Redis for new entries before it returns empty
         * and the source looks for entries to claim. Default 1 second.
         * @param pollTimeout the timeout, from a millisecond to a minute
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if out of range
         */
        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = atMostMinute("pollTimeout", atLeastMillisecond("pollTimeout", pollTimeout));
            return this;
        }

        /**
         * Set how long any other operation on Redis (an acknowledgement, a claim, a dead
         * letter) may take before it counts as a failure and is retried. Default 2
         * seconds.
         * @param requestTimeout the timeout, from a millisecond to a minute
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if out of range
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = atMostMinute("requestTimeout", atLeastMillisecond("requestTimeout", requestTimeout));
            return this;
        }

        /**
         * Open the source's shared connection, create the consumer group if it is
         * missing, and build the source. It does not read until it runs.
         * @return a new source
         * @throws InvalidSettingException if the group, consumer, pool or handler is not
         * set, or the pool has a {@code maxQueueWait} (it would drop entries without
         * telling the source)
         * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached
         * @throws io.lettuce.core.RedisCommandExecutionException if Redis refuses to
         * create the group (for example because the key is not a stream)
         */
        public StreamSource build() {
            StreamSettings settings = new StreamSettings(this.stream, required("group", this.group),
                    required("consumer", this.consumer),
                    (this.deadLetter != null) ? this.deadLetter : this.stream + ":dead", this.claimIdle,
                    this.maxDeliveries, this.batchSize, this.pollTimeout, this.requestTimeout);
            return RedisStreamSource.open(settings, this.connector, checkPool(required("pool", this.pool)),
                    required("handler", this.handler));
        }

        /**
         * A pool that drops tasks waiting too long would drop entries without a word to
         * the source, which would hold them forever.
         */
        private WorkerPool checkPool(WorkerPool pool) {
            Duration maxQueueWait = pool.settings().maxQueueWait();
            if (maxQueueWait != null) {
                throw new InvalidSettingException("pool", "'" + pool.name() + "' with maxQueueWait " + maxQueueWait,
                        "must not drop the tasks that wait too long for stream '" + this.stream
                                + "' (a dropped entry would stay held by the source)",
                        null);
            }
            return pool;
        }

        private <T> T required(String setting, @Nullable T value) {
            if (value == null) {
                throw new InvalidSettingException(setting, null, "must be set for stream '" + this.stream + "'", null);
            }
            return value;
        }

        private static String name(String setting, String name) {
            Objects.requireNonNull(name, () -> setting + " must not be null");
            if (name.isBlank()) {
                throw new InvalidSettingException(setting, "'" + name + "'", "must not be empty or blank", null);
            }
            return name;
        }

        private Duration atLeastMillisecond(String setting, Duration duration) {
            Objects.requireNonNull(duration, () -> setting + " must not be null");
            if (duration.compareTo(MIN_DURATION) < 0) {
                throw new InvalidSettingException(setting, duration,
                        "must be at least 1ms for stream '" + this.stream + "' (Redis counts milliseconds)", null);
            }
            return duration;
        }

        private Duration atMostMinute(String setting, Duration duration) {
            if (duration.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidSettingException(setting, duration,
                        "must be at most " + MAX_TIMEOUT + " for stream '" + this.stream + "'", null);
            }
            return duration;
        }

    }

}
