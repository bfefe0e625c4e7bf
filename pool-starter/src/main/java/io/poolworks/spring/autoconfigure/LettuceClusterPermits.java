package io.poolworks.spring.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.spi.StartPermits;
import io.poolworks.spring.ClusterRateLimitCustomizer;
import io.poolworks.spring.InvalidPoolPropertyException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Builds the {@link ClusterRateLimit}s of pools with {@code rate-limit.scope: cluster} on
 * the application's {@link LettuceConnectionFactory}: its Lettuce client, and the host,
 * database, credentials and TLS of {@code spring.data.redis.*}. Each limit opens one
 * connection of its own on that client.
 * <p>
 * A pool closes its limit when it terminates; the lifecycle of {@link LettuceResources}
 * closes what is left (a limit whose pool was never built, or did not terminate).
 */
final class LettuceClusterPermits extends LettuceResources<ClusterRateLimit> implements ClusterPermits {

    private final ApplicationRedis redis;

    private final ObjectProvider<ClusterRateLimitCustomizer> customizers;

    /** The limits built and the pools they were built for; guarded by this. */
    private final Map<ClusterRateLimit, String> limits = new LinkedHashMap<>();

    LettuceClusterPermits(ObjectProvider<RedisConnectionFactory> connectionFactory,
            ObjectProvider<ClusterRateLimitCustomizer> customizers, Environment environment) {
        super("cluster rate limits of pools", ClusterRateLimit::close);
        this.redis = new ApplicationRedis(connectionFactory, environment);
        this.customizers = customizers;
    }

    @Override
    public synchronized StartPermits create(Request request) {
        LettuceConnectionFactory factory = this.redis.lettuce(new ApplicationRedis.Use(request.scopeProperty(),
                "cluster", "pool '" + request.pool() + "' shares its rate limit in Redis",
                "a rate limit shared in Redis", "a standalone server, Sentinel or a Redis Cluster",
                "set " + request.scopeProperty() + " to local"));
        ClusterRateLimit.Builder builder = builder(factory, request).rateLimit(request.rateLimit())
            .onStoreFailure(StoreFailurePolicy.valueOf(request.onStoreFailure().name()));
        if (request.requestTimeout() != null) {
            builder.requestTimeout(request.requestTimeout());
        }
        this.customizers.orderedStream().forEach((customizer) -> customizer.customize(request.pool(), builder));
        ClusterRateLimit limit;
        try {
            limit = builder.build();
        }
        catch (RedisException ex) {
            throw new InvalidPoolPropertyException(request.scopeProperty(), "cluster",
                    "pool '" + request.pool() + "' could not connect to Redis (" + ApplicationRedis.describe(factory)
                            + ") to share its rate limit at key '" + request.key() + "': " + ex.getMessage(),
                    "Start Redis or point spring.data.redis.* at it, or set " + request.scopeProperty() + " to local");
        }
        this.limits.put(limit, request.pool());
        return limit;
    }

    private static ClusterRateLimit.Builder builder(LettuceConnectionFactory factory, Request request) {
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (client instanceof RedisClusterClient cluster) {
            return ClusterRateLimit.builder(cluster, request.key());
        }
        if (factory.isRedisSentinelAware()) {
            // Spring Data makes the client with the Sentinel URI: the master it names.
            return ClusterRateLimit.builder((RedisClient) client, request.key());
        }
        return ClusterRateLimit.builder((RedisClient) client, ApplicationRedis.uri(factory), request.key());
    }

    @Override
    Collection<ClusterRateLimit> built() {
        return this.limits.keySet();
    }

    @Override
    Collection<String> owners() {
        return new LinkedHashSet<>(this.limits.values());
    }

}
