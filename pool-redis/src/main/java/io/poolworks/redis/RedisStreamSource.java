package io.poolworks.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.WorkerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamSource}: owns the shared connection and the state that outlives a run
 * (the entries held, the acknowledgements, the counters), and starts a
 * {@link StreamReader} for each run.
 */
final class RedisStreamSource implements StreamSource {

    private static final Logger logger = LoggerFactory.getLogger(StreamSource.class);

    private final StreamSettings settings;

    private final Supplier<StatefulRedisConnection<String, String>> connector;

    private final StatefulRedisConnection<String, String> shared;

    private final StreamCommands sharedCommands;

    private final WorkerPool pool;

    private final InFlight inFlight = new InFlight();

    private final StreamCounters counters = new StreamCounters();

    private final Outage outage;

    private final Acknowledgements acks;

    private final EntryTask.Delivery delivery;

    private final AtomicBoolean running = new AtomicBoolean();

    private volatile boolean closed;

    private RedisStreamSource(StreamSettings settings, Supplier<StatefulRedisConnection<String, String>> connector,
            StatefulRedisConnection<String, String> shared, WorkerPool pool, StreamHandler handler) {
        this.settings = settings;
        this.connector = connector;
        this.shared = shared;
        this.sharedCommands = new StreamCommands(shared.async(), settings);
        this.pool = pool;
        this.outage = new Outage(settings);
        this.acks = new Acknowledgements(this.sharedCommands, settings.requestTimeout(), this.inFlight, this.counters,
                this.outage);
        DeadLetters deadLetters = new DeadLetters(this.sharedCommands, settings, this.acks, this.inFlight,
                this.counters, this.outage);
        this.delivery = new EntryTask.Delivery(settings, handler, this.inFlight, this.acks, deadLetters, this.counters);
    }

    /** Open the shared connection, make sure the group exists, and build the source. */
    static StreamSource open(StreamSettings settings, Supplier<StatefulRedisConnection<String, String>> connector,
            WorkerPool pool, StreamHandler handler) {
        StatefulRedisConnection<String, String> shared = connector.get();
        RedisStreamSource source = new RedisStreamSource(settings, connector, shared, pool, handler);
        try {
            source.sharedCommands.ensureGroup();
        }
        catch (InterruptedException ex) {
            shared.close();
            Thread.currentThread().interrupt();
            throw new RedisException("Interrupted while creating the consumer group of " + settings.describe(), ex);
        }
        catch (RuntimeException ex) {
            shared.close();
            throw ex;
        }
        return source;
    }

    @Override
    public void run(WorkerContext ctx) {
        if (this.closed) {
            throw new IllegalStateException(this.settings.describe() + " is closed");
        }
        if (!this.running.compareAndSet(false, true)) {
            throw new IllegalStateException(this.settings.describe() + " is already running");
        }
        try {
            logger.info("{} starts reading into pool '{}'", this.settings.describe(), this.pool.name());
            new StreamReader(this.settings, this.connector, this.pool, this.delivery, this.outage, () -> this.closed)
                .run(ctx);
        }
        finally {
            this.running.set(false);
        }
    }

    @Override
    public String stream() {
        return this.settings.stream();
    }

    @Override
    public String group() {
        return this.settings.group();
    }

    @Override
    public String consumer() {
        return this.settings.consumer();
    }

    @Override
    public String deadLetter() {
        return this.settings.deadLetter();
    }

    @Override
    public Duration claimIdle() {
        return this.settings.claimIdle();
    }

    @Override
    public int maxDeliveries() {
        return this.settings.maxDeliveries();
    }

    @Override
    public StreamSourceStats stats() {
        StreamCounters counters = this.counters;
        long unreachable = this.outage.unreachableNanos();
        return new StreamSourceStats(this.settings.stream(), this.settings.group(), this.settings.consumer(),
                unreachable < 0L, Duration.ofNanos(Math.max(0L, unreachable)), this.inFlight.size(),
                counters.delivered.sum(), counters.acknowledged.sum(), counters.claimed.sum(), counters.retried.sum(),
                counters.deadLettered.sum(), counters.handlerFailures.sum(), counters.readErrors.sum(),
                counters.ackErrors.sum(), this.outage.outages());
    }

    @Override
    public StreamBacklog backlog() {
        try {
            return this.sharedCommands.backlog();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RedisException("Interrupted while asking for the backlog of " + this.settings.describe(), ex);
        }
    }

    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        boolean interrupted = Thread.interrupted();
        try {
            if (!this.acks.flush(this.settings.requestTimeout())) {
                logger.info("{} closed with {} acknowledgements unconfirmed; those entries stay pending and are "
                        + "delivered again", this.settings.describe(), this.acks.unconfirmed());
            }
        }
        catch (InterruptedException ex) {
            interrupted = true;
        }
        finally {
            this.shared.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "StreamSource(stream=" + this.settings.stream() + ", group=" + this.settings.group() + ", consumer="
                + this.settings.consumer() + ", deadLetter=" + this.settings.deadLetter() + ")";
    }

}
