package io.poolworks.spring;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.lettuce.core.RedisException;
import io.poolworks.redis.StreamBacklog;
import io.poolworks.redis.StreamSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StreamSource} and the pool it feeds, under the name of its binding
 * ({@code poolworks.streams.<binding>}), as the {@code streams} endpoint, the health
 * contributor and the meters show it. Instances are created by
 * {@link StreamSourceRegistry#register(String, String, StreamSource)}.
 * <p>
 * Thread-safe.
 */
public final class StreamBinding {

    /**
     * How long an answer of Redis about the backlog is reused: the meters of one scrape,
     * and the endpoint, share one round trip.
     */
    static final Duration BACKLOG_TTL = Duration.ofSeconds(1);

    private static final Logger logger = LoggerFactory.getLogger(StreamBinding.class);

    private final String name;

    private final String pool;

    private final StreamSource source;

    private final LongSupplier nanoTime;

    /** Guarded by this. */
    private @Nullable StreamBacklog backlog;

    /** Guarded by this: when the backlog was last asked for, once {@link #asked}. */
    private long askedAt;

    /** Guarded by this. */
    private boolean asked;

    StreamBinding(String name, String pool, StreamSource source) {
        this(name, pool, source, System::nanoTime);
    }

    /** A clock of its own, for tests of how long an answer is reused. */
    StreamBinding(String name, String pool, StreamSource source, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.pool = Objects.requireNonNull(pool, "pool must not be null");
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.nanoTime = nanoTime;
    }

    /**
     * Return the name of the binding.
     * @return the binding name, such as {@code orders}
     */
    public String name() {
        return this.name;
    }

    /**
     * Return the name of the pool the source feeds.
     * @return the pool name
     */
    public String pool() {
        return this.pool;
    }

    /**
     * Return the source.
     * @return the stream source
     */
    public StreamSource source() {
        return this.source;
    }

    /**
     * Return how much work the consumer group has, as Redis last reported it: asked at
     * most once a second ({@code XINFO GROUPS}, bounded by the source's request timeout),
     * and not asked while the source finds Redis unreachable, so that a scrape never
     * waits on a Redis known to be down.
     * @return the backlog, or empty if Redis is unreachable or did not answer
     */
    public synchronized Optional<StreamBacklog> backlog() {
        long now = this.nanoTime.getAsLong();
        if (this.asked && now - this.askedAt < BACKLOG_TTL.toNanos()) {
            return Optional.ofNullable(this.backlog);
        }
        this.asked = true;
        this.askedAt = now;
        this.backlog = null;
        if (this.source.stats().reachable()) {
            try {
                this.backlog = this.source.backlog();
            }
            catch (RedisException ex) {
                logger.debug("Binding '{}' could not read the backlog of stream '{}'", this.name, this.source.stream(),
                        ex);
            }
        }
        return Optional.ofNullable(this.backlog);
    }

    @Override
    public String toString() {
        return "StreamBinding(" + this.name + ", pool=" + this.pool + ", " + this.source + ")";
    }

}
