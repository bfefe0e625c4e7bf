package io.poolworks.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * The limit's own Redis connection and the Bucket4j proxy manager over it, for a
 * standalone server or a cluster alike.
 */
final class RedisStore implements AutoCloseable {

    /** String keys (readable in {@code redis-cli}), the bucket's state as bytes. */
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /**
     * How long a bucket is kept after it would be full again. A full bucket is the same
     * as none, but the key also holds the limit, and a limit changed at run time should
     * outlive a short pause in traffic.
     */
    static final Duration KEEP_AFTER_REFILL = Duration.ofMinutes(1);

    private final StatefulConnection<String, byte[]> connection;

    private final Supplier<RedisFuture<String>> ping;

    private final LettuceBasedProxyManager<String> proxyManager;

    private final Duration requestTimeout;

    private RedisStore(StatefulConnection<String, byte[]> connection, Supplier<RedisFuture<String>> ping,
            Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder, Duration requestTimeout) {
        this.connection = connection;
        this.ping = ping;
        this.requestTimeout = requestTimeout;
        this.proxyManager = builder.requestTimeout(requestTimeout)
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
            .build();
    }

    static RedisStore standalone(RedisClient client, Duration requestTimeout) {
        StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
        return new RedisStore(connection, () -> connection.async().ping(), Bucket4jLettuce.casBasedBuilder(connection),
                requestTimeout);
    }

    static RedisStore standalone(RedisClient client, RedisURI uri, Duration requestTimeout) {
        StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC, uri);
        return new RedisStore(connection, () -> connection.async().ping(), Bucket4jLettuce.casBasedBuilder(connection),
                requestTimeout);
    }

    static RedisStore cluster(RedisClusterClient client, Duration requestTimeout) {
        StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
        return new RedisStore(connection, () -> connection.async().ping(), Bucket4jLettuce.casBasedBuilder(connection),
                requestTimeout);
    }

    /**
     * Return the bucket stored under the key.
     * @param key the key
     * @param configuration the configuration to create the bucket with when the key is
     * missing (new, or expired, or lost with the server)
     * @return the bucket
     */
    BucketProxy bucket(String key, Supplier<BucketConfiguration> configuration) {
        return this.proxyManager.builder().build(key, configuration);
    }

    /**
     * Ask the server for a PING, bounded by the request timeout; a command still waiting
     * then is cancelled, so that probes never pile up on a connection that is down.
     * @return a future that completes normally when the server answered
     */
    CompletableFuture<String> ping() {
        RedisFuture<String> ping = this.ping.get();
        return ping.toCompletableFuture()
            .orTimeout(this.requestTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .whenComplete((pong, failure) -> {
                if (failure != null) {
                    ping.cancel(false);
                }
            });
    }

    @Override
    public void close() {
        this.connection.close();
    }

}
