package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import io.poolworks.InvalidSettingException;
import io.poolworks.WorkerPool;
import io.poolworks.redis.StreamHandler;
import io.poolworks.redis.StreamSource;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.StreamsProperties.Binding;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Maps the properties of a binding ({@code poolworks.streams.<binding>}) to a
 * {@link StreamSource.Builder}: finds its pool and its handler bean, gives it its
 * defaults, and turns each value the builder refuses into an
 * {@link InvalidPoolPropertyException} naming the property.
 */
final class StreamBindingMapper {

    static final String STREAMS = "poolworks.streams";

    static final String PREFIX = STREAMS + ".";

    private final StreamsProperties properties;

    private final ConfigurableListableBeanFactory beanFactory;

    private final Environment environment;

    /** Unique per instance: the default consumer names of its bindings end with it. */
    private final String instanceId;

    StreamBindingMapper(StreamsProperties properties, ConfigurableListableBeanFactory beanFactory,
            Environment environment) {
        this.properties = properties;
        this.beanFactory = beanFactory;
        this.environment = environment;
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        this.instanceId = HexFormat.of().formatHex(random);
    }

    static String property(String binding) {
        return PREFIX + binding;
    }

    static String property(String binding, String key) {
        return PREFIX + binding + "." + key;
    }

    /**
     * Resolve what a binding names: its stream, group, consumer, pool and handler.
     * @param binding the binding name
     * @return the resolved binding
     * @throws InvalidPoolPropertyException if the group is missing, or the pool or the
     * handler does not exist
     */
    Target resolve(String binding) {
        Binding properties = this.properties.getStreams().get(binding);
        if (properties == null) {
            throw new IllegalStateException("No stream binding '" + binding + "' in poolworks.streams");
        }
        String stream = (properties.getStream() != null) ? properties.getStream() : binding;
        String group = properties.getGroup();
        if (group == null) {
            throw new InvalidPoolPropertyException(property(binding, "group"), null,
                    "a stream binding needs the consumer group that the instances of the application share",
                    "Set " + property(binding, "group") + ", for example to '" + binding
                            + "-workers' (it is created if missing)");
        }
        String consumer = StringUtils.hasText(properties.getConsumer()) ? properties.getConsumer()
                : this.environment.getProperty(PoolPropertiesMapper.APPLICATION_NAME, "application") + "-"
                        + this.instanceId;
        return new Target(binding, properties, stream, group, consumer, pool(binding, properties),
                handler(binding, properties));
    }

    private WorkerPool pool(String binding, Binding properties) {
        String property = property(binding, "pool");
        String name = properties.getPool();
        WorkerPoolRegistry registry = this.beanFactory.getBean(WorkerPoolRegistry.class);
        // Every pool bean, so that the registry knows each one, whatever its bean name.
        this.beanFactory.getBeansOfType(WorkerPool.class, false, true);
        if (name == null) {
            throw new InvalidPoolPropertyException(property, null,
                    "a stream binding needs the pool that runs its handler; the pools are " + registry.names(),
                    "Set " + property + " to the name of a pool");
        }
        return registry.find(name)
            .orElseThrow(() -> new InvalidPoolPropertyException(property, shown(property, name),
                    "there is no pool by that name; the pools are " + registry.names(),
                    "Set " + property + " to one of " + registry.names() + ", or declare pool '" + name
                            + "' under poolworks.pools"));
    }

    private StreamHandler handler(String binding, Binding properties) {
        String property = property(binding, "handler");
        boolean named = StringUtils.hasText(properties.getHandler());
        String name = named ? properties.getHandler() : binding;
        Object value = named ? shown(property, name) : null;
        String which = named ? "bean '" + name + "'"
                : "bean '" + name + "' (the binding's name, when " + property + " is not set)";
        List<String> handlers = Arrays.asList(this.beanFactory.getBeanNamesForType(StreamHandler.class));
        String fix = "Declare a StreamHandler bean named '" + name + "', or set " + property
                + " to the name of a StreamHandler bean" + (handlers.isEmpty() ? "" : " (there are " + handlers + ")");
        if (!this.beanFactory.containsBean(name)) {
            throw new InvalidPoolPropertyException(property, value,
                    "there is no " + which + " to handle the entries of the stream", fix);
        }
        if (!this.beanFactory.isTypeMatch(name, StreamHandler.class)) {
            throw new InvalidPoolPropertyException(property, value,
                    which + " is a " + this.beanFactory.getType(name) + ", not an io.poolworks.redis.StreamHandler",
                    fix);
        }
        return this.beanFactory.getBean(name, StreamHandler.class);
    }

    /**
     * Create the builder of a binding's stream.
     * @param target the binding
     * @param forStream creates a builder for a stream key
     * @return the builder
     * @throws InvalidPoolPropertyException if the builder refuses the stream key
     */
    StreamSource.Builder builder(Target target, Function<String, StreamSource.Builder> forStream) {
        try {
            return forStream.apply(target.stream());
        }
        catch (InvalidSettingException ex) {
            throw refused(target, "stream", target.stream(), ex);
        }
    }

    /**
     * Apply a binding's settings to a builder.
     * @param target the binding
     * @param builder the builder, of the binding's stream
     * @return the builder
     * @throws InvalidPoolPropertyException if the builder refuses a value
     */
    StreamSource.Builder apply(Target target, StreamSource.Builder builder) {
        Binding properties = target.properties();
        builder.pool(target.pool()).handler(target.handler());
        set(target, "group", target.group(), builder::group);
        set(target, "consumer", target.consumer(), builder::consumer);
        set(target, "claim-idle", properties.getClaimIdle(), builder::claimIdle);
        set(target, "max-deliveries", properties.getMaxDeliveries(), builder::maxDeliveries);
        set(target, "dead-letter", properties.getDeadLetter(), builder::deadLetter);
        set(target, "batch-size", properties.getBatchSize(), builder::batchSize);
        set(target, "poll-timeout", properties.getPollTimeout(), builder::pollTimeout);
        set(target, "request-timeout", properties.getRequestTimeout(), builder::requestTimeout);
        return builder;
    }

    /**
     * Give a value to the builder, or say which property the builder refused.
     * @param target the binding
     * @param key the property's key in the binding
     * @param value the value, or {@code null} to leave the builder's default
     * @param setter the builder's setter
     */
    private <T> void set(Target target, String key, @Nullable T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        }
        catch (InvalidSettingException ex) {
            throw refused(target, key, value, ex);
        }
    }

    private InvalidPoolPropertyException refused(Target target, String key, Object value, InvalidSettingException ex) {
        String property = property(target.binding(), key);
        String rule = ex.rule().replaceFirst(" for stream '[^']*'", "");
        String fix = "Change " + property + " so that it " + rule.replaceFirst(" \\(.*\\)$", "")
                + (key.equals("group") ? "" : ", or remove it for the default");
        return new InvalidPoolPropertyException(property, shown(property, value), "it " + rule, fix);
    }

    /**
     * Translate the refusal of a pool by the builder: one that drops the tasks that wait
     * too long would drop entries without a word to the source.
     */
    InvalidPoolPropertyException poolRefused(Target target, InvalidSettingException ex) {
        String property = property(target.binding(), "pool");
        WorkerPool pool = target.pool();
        Duration maxQueueWait = pool.settings().maxQueueWait();
        return new InvalidPoolPropertyException(property, shown(property, pool.name()),
                "pool '" + pool.name() + "' has a max-queue-wait"
                        + ((maxQueueWait != null) ? " (" + Durations.format(maxQueueWait) + ")" : "")
                        + ": it would drop entries that wait too long, and a dropped entry would stay held by the "
                        + "stream source (" + ex.rule() + ")",
                "Remove the max-queue-wait of pool '" + pool.name() + "' (poolworks.pools." + pool.name()
                        + ".max-queue-wait), or feed the stream into a pool without one");
    }

    @Nullable Object shown(String property, @Nullable Object value) {
        return ConfiguredValues.shown(this.environment, property, value);
    }

    /**
     * A binding with what it names resolved.
     *
     * @param binding the binding name
     * @param properties its properties
     * @param stream the stream key
     * @param group the consumer group
     * @param consumer the consumer name
     * @param pool the pool
     * @param handler the handler
     */
    record Target(String binding, Binding properties, String stream, String group, String consumer, WorkerPool pool,
            StreamHandler handler) {

    }

}
