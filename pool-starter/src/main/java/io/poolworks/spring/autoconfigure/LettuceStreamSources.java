package io.poolworks.spring.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.poolworks.InvalidSettingException;
import io.poolworks.redis.StreamSource;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.StreamSourceRegistry;
import io.poolworks.spring.autoconfigure.StreamBindingMapper.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Builds the {@link StreamSource} of each binding of {@code poolworks.streams} on the
 * application's {@link LettuceConnectionFactory} (its client, and the host, database,
 * credentials and TLS of {@code spring.data.redis.*}), registers it in the
 * {@link StreamSourceRegistry}, and closes it once the pools drained.
 * <p>
 * A source is a worker: the application's conductor stops it before the pools drain, and
 * each entry that finishes during the drain is acknowledged on the source's own
 * connection. The lifecycle of {@link LettuceResources} then closes every source (the
 * last acknowledgements, then that connection).
 */
final class LettuceStreamSources extends LettuceResources<StreamSource> {

    private static final Logger logger = LoggerFactory.getLogger(StreamSource.class);

    private final ApplicationRedis redis;

    private final StreamBindingMapper mapper;

    private final StreamSourceRegistry registry;

    /** The sources built, by binding; guarded by this. */
    private final Map<String, StreamSource> sources = new LinkedHashMap<>();

    LettuceStreamSources(ApplicationRedis redis, StreamBindingMapper mapper, StreamSourceRegistry registry) {
        super("stream sources of bindings", StreamSource::close);
        this.redis = redis;
        this.mapper = mapper;
        this.registry = registry;
    }

    /**
     * Build the source of a binding, connected and with its consumer group created.
     * @param binding the binding name
     * @return the source
     * @throws InvalidPoolPropertyException if a property is invalid or Redis cannot be
     * used
     */
    synchronized StreamSource create(String binding) {
        Target target = this.mapper.resolve(binding);
        checkConsumerIsUnique(target);
        String property = StreamBindingMapper.property(binding);
        LettuceConnectionFactory factory = this.redis.lettuce(
                new ApplicationRedis.Use(property, target.stream(), "binding '" + binding + "' reads a Redis stream",
                        "a Redis stream binding", "a standalone server or Sentinel", "remove " + property));
        if (factory.isClusterAware()) {
            throw new InvalidPoolPropertyException(property, target.stream(),
                    "a Redis stream binding needs a standalone server or Sentinel, and spring.data.redis.cluster.* "
                            + "sets up a Redis Cluster, which stream sources do not support yet",
                    "Point spring.data.redis.* at a standalone server or Sentinel, or remove " + property);
        }
        StreamSource.Builder builder = this.mapper.builder(target, (stream) -> builder(factory, stream));
        StreamSource source = build(target, this.mapper.apply(target, builder), factory);
        this.sources.put(binding, source);
        this.registry.register(binding, target.pool().name(), source);
        logger.info(
                "Stream binding '{}' reads stream '{}' (group '{}', consumer '{}') into pool '{}': claim-idle {}, "
                        + "max-deliveries {}, dead-letter '{}'",
                binding, source.stream(), source.group(), source.consumer(), target.pool().name(),
                Durations.format(source.claimIdle()), source.maxDeliveries(), source.deadLetter());
        return source;
    }

    private void checkConsumerIsUnique(Target target) {
        for (Map.Entry<String, StreamSource> other : this.sources.entrySet()) {
            StreamSource source = other.getValue();
            if (source.stream().equals(target.stream()) && source.group().equals(target.group())
                    && source.consumer().equals(target.consumer())) {
                String property = StreamBindingMapper.property(target.binding(), "consumer");
                throw new InvalidPoolPropertyException(property, target.consumer(),
                        "binding '" + target.binding() + "' would read stream '" + target.stream() + "' through group '"
                                + target.group() + "' as the same consumer as binding '" + other.getKey()
                                + "', and two sources of one consumer would take each other's entries",
                        "Set " + property + " to another name, or remove one of the bindings");
            }
        }
    }

    private static StreamSource.Builder builder(LettuceConnectionFactory factory, String stream) {
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (factory.isRedisSentinelAware()) {
            // Spring Data makes the client with the Sentinel URI: the master it names.
            return StreamSource.builder((RedisClient) client, stream);
        }
        return StreamSource.builder((RedisClient) client, ApplicationRedis.uri(factory), stream);
    }

    private StreamSource build(Target target, StreamSource.Builder builder, LettuceConnectionFactory factory) {
        String property = StreamBindingMapper.property(target.binding());
        try {
            return builder.build();
        }
        catch (InvalidSettingException ex) {
            if (ex.setting().equals("pool")) {
                throw this.mapper.poolRefused(target, ex);
            }
            throw ex;
        }
        catch (RedisCommandExecutionException ex) {
            String stream = StreamBindingMapper.property(target.binding(), "stream");
            throw new InvalidPoolPropertyException(stream, this.mapper.shown(stream, target.stream()),
                    "Redis refused to create consumer group '" + target.group() + "' on key '" + target.stream() + "' ("
                            + ApplicationRedis.describe(factory) + "): " + ex.getMessage(),
                    "Point " + stream + " at a stream (or a key that does not exist yet), or remove the key '"
                            + target.stream() + "' from Redis");
        }
        catch (RedisException ex) {
            throw new InvalidPoolPropertyException(property, target.stream(),
                    "binding '" + target.binding() + "' could not connect to Redis ("
                            + ApplicationRedis.describe(factory) + ") to read stream '" + target.stream() + "': "
                            + ex.getMessage(),
                    "Start Redis or point spring.data.redis.* at it, or remove " + property);
        }
    }

    @Override
    Collection<StreamSource> built() {
        return this.sources.values();
    }

    @Override
    Collection<String> owners() {
        return this.sources.keySet();
    }

}
