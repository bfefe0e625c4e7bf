package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.poolworks.AdaptiveLimit;
import io.poolworks.InvalidSettingException;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spi.StartPermits;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.autoconfigure.PoolsProperties.Pool;
import io.poolworks.spring.autoconfigure.PoolsProperties.RateLimitScope;
import io.poolworks.spring.autoconfigure.PoolsProperties.StoreFailure;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Applies {@link PoolsProperties} to a {@link WorkerPool.Builder}: each setting from the
 * pool, else from {@code poolworks.defaults}, else (virtual threads) from
 * {@code spring.threads.virtual.enabled}, else left at the builder's default. The builder
 * owns every rule: an {@link InvalidSettingException} it throws is translated into an
 * {@link InvalidPoolPropertyException} that names the property the value came from.
 */
final class PoolPropertiesMapper {

    static final String SPRING_VIRTUAL_THREADS = "spring.threads.virtual.enabled";

    private static final String CONCURRENCY_LIMITS = "com.netflix.concurrency.limits.Limit";

    private static final String CONCURRENCY_LIMITS_ARTIFACT = "com.netflix.concurrency-limits:concurrency-limits-core";

    private static final Pattern CAMEL_CASE = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z]*)+\\b");

    private static final Pattern BOUND = Pattern.compile("must be ([<>]=) (-?\\d+)$");

    static final String APPLICATION_NAME = "spring.application.name";

    private final PoolsProperties properties;

    private final Environment environment;

    private final @Nullable ClusterPermits clusterPermits;

    private final @Nullable ClassLoader classLoader;

    /**
     * Create a mapper that reads properties: it cannot {@link #apply apply} a rate limit
     * shared in Redis.
     */
    PoolPropertiesMapper(PoolsProperties properties, Environment environment) {
        this(properties, environment, null, null);
    }

    /**
     * Create a mapper that builds pools.
     * @param clusterPermits builds rate limits shared in Redis, or {@code null} when the
     * class path lacks what they need
     * @param classLoader the application's class loader, to say what is missing
     */
    PoolPropertiesMapper(PoolsProperties properties, Environment environment, @Nullable ClusterPermits clusterPermits,
            @Nullable ClassLoader classLoader) {
        this.properties = properties;
        this.environment = environment;
        this.clusterPermits = clusterPermits;
        this.classLoader = classLoader;
    }

    PoolsProperties properties() {
        return this.properties;
    }

    /**
     * Apply the properties of the named pool.
     * @param name the pool name
     * @param builder the builder
     * @return the builder
     * @throws InvalidPoolPropertyException if the builder refuses a value
     */
    WorkerPool.Builder apply(String name, WorkerPool.Builder builder) {
        Resolver pool = new Resolver(name);
        PropertyMapper map = PropertyMapper.get();
        try {
            map.from(pool.value("min-workers", Pool::getMinWorkers)).to(builder::minWorkers);
            map.from(pool.value("max-workers", Pool::getMaxWorkers)).to(builder::maxWorkers);
            map.from(pool.value("idle-timeout", Pool::getIdleTimeout)).to(builder::idleTimeout);
            map.from(pool.value("queue-capacity", Pool::getQueueCapacity)).to(builder::queueCapacity);
            map.from(pool.value("queue-order", Pool::getQueueOrder)).to(builder::queueOrder);
            map.from(pool.value("priority-aging", Pool::getPriorityAging)).to(builder::priorityAging);
            map.from(pool.value("saturation", Pool::getSaturation)).to(builder::saturationPolicy);
            map.from(pool.value("block-timeout", Pool::getBlockTimeout)).to(builder::blockTimeout);
            map.from(pool.value("task-timeout", Pool::getTaskTimeout)).to(builder::taskTimeout);
            map.from(pool.value("max-queue-wait", Pool::getMaxQueueWait)).to(builder::maxQueueWait);
            map.from(pool.value("drain-timeout", Pool::getDrainTimeout)).to(builder::drainTimeout);
            map.from(pool.value("termination-grace", Pool::getTerminationGrace)).to(builder::terminationGrace);
            map.from(pool.value("thread-name-prefix", Pool::getThreadNamePrefix)).to(builder::threadNamePrefix);
            map.from(virtualThreads(pool)).to(builder::virtualThreads);
            RateLimit rateLimit = rateLimit(pool);
            Setting<RateLimitScope> scope = pool.get("rate-limit.scope", (p) -> p.getRateLimit().getScope());
            if (rateLimit != null && scope != null && scope.value() == RateLimitScope.CLUSTER) {
                builder.startPermits(clusterPermits(pool, rateLimit, scope));
            }
            else {
                map.from(rateLimit).to(builder::rateLimit);
            }
            map.from(adaptiveLimit(pool)).to(builder::adaptiveLimit);
        }
        catch (InvalidSettingException ex) {
            throw translate(name, ex);
        }
        return builder;
    }

    /**
     * Build a pool from a builder these properties were applied to.
     * @param name the pool name
     * @param builder the builder
     * @return the pool
     * @throws InvalidPoolPropertyException if the builder refuses a value that came from
     * a property
     */
    WorkerPool build(String name, WorkerPool.Builder builder) {
        try {
            return builder.build();
        }
        catch (InvalidSettingException ex) {
            throw translate(name, ex);
        }
        catch (IllegalStateException ex) {
            // Virtual threads asked for on a Java that has none.
            Setting<Boolean> virtual = virtualThreadsSetting(new Resolver(name));
            if (virtual != null && virtual.value()) {
                throw new InvalidPoolPropertyException(virtual.property(), shown(virtual),
                        "it needs Java 21 or later: " + ex.getMessage(),
                        "Run on Java 21 or later, or set " + virtual.property() + " to false");
            }
            // An adaptive limit without its optional dependency.
            Setting<?> algorithm = new Resolver(name).get("adaptive.algorithm", (p) -> p.getAdaptive().getAlgorithm());
            if (algorithm != null && !ClassUtils.isPresent(CONCURRENCY_LIMITS, WorkerPool.class.getClassLoader())) {
                throw new InvalidPoolPropertyException(algorithm.property(), shown(algorithm),
                        "it needs " + CONCURRENCY_LIMITS_ARTIFACT + " on the class path",
                        "Add " + CONCURRENCY_LIMITS_ARTIFACT + " (0.5.4) to the application's dependencies, or remove "
                                + algorithm.property());
            }
            throw ex;
        }
    }

    /**
     * Return the settings of the named pool that can change while it runs, as its
     * properties set them.
     * @param name the pool name
     * @return the settings; {@code null} where the properties set nothing
     * @throws InvalidPoolPropertyException if the rate limit is refused
     */
    Tunables tunables(String name) {
        Resolver pool = new Resolver(name);
        try {
            return new Tunables(pool.value("min-workers", Pool::getMinWorkers),
                    pool.value("max-workers", Pool::getMaxWorkers),
                    pool.value("queue-capacity", Pool::getQueueCapacity), rateLimit(pool),
                    Boolean.TRUE.equals(pool.value("paused", Pool::getPaused)));
        }
        catch (InvalidSettingException ex) {
            throw translate(name, ex);
        }
    }

    /**
     * Return whether the named pool starts paused.
     * @param name the pool name
     * @return whether {@code paused} is set for it
     */
    boolean paused(String name) {
        return Boolean.TRUE.equals(new Resolver(name).value("paused", Pool::getPaused));
    }

    /**
     * Return whether the tasks of the named pool are to be observed: its
     * {@code observation} setting, else that of {@code poolworks.defaults}, else
     * {@code poolworks.observation.enabled}.
     * @param name the pool name
     * @return whether to observe its tasks
     */
    boolean observed(String name) {
        Boolean own = new Resolver(name).value("observation", Pool::getObservation);
        return (own != null) ? own : this.properties.getObservation().isEnabled();
    }

    /**
     * Return the property a pool's drain timeout comes from.
     * @param name the pool name
     * @return the property path, or {@code null} if the built-in default applies
     */
    @Nullable String drainTimeoutProperty(String name) {
        Setting<Duration> drain = new Resolver(name).get("drain-timeout", Pool::getDrainTimeout);
        return (drain != null) ? drain.property() : null;
    }

    private @Nullable Boolean virtualThreads(Resolver pool) {
        Setting<Boolean> setting = virtualThreadsSetting(pool);
        return (setting != null) ? setting.value() : null;
    }

    private @Nullable Setting<Boolean> virtualThreadsSetting(Resolver pool) {
        Setting<Boolean> own = pool.get("virtual-threads", Pool::getVirtualThreads);
        if (own != null) {
            return own;
        }
        // As Boot's own executors: only on a Java that has virtual threads.
        return Threading.VIRTUAL.isActive(this.environment) ? new Setting<>(true, SPRING_VIRTUAL_THREADS) : null;
    }

    private @Nullable RateLimit rateLimit(Resolver pool) {
        Setting<Long> permits = pool.get("rate-limit.permits", (p) -> p.getRateLimit().getPermits());
        Setting<Duration> period = pool.get("rate-limit.period", (p) -> p.getRateLimit().getPeriod());
        Setting<Long> burst = pool.get("rate-limit.burst", (p) -> p.getRateLimit().getBurst());
        // Where the bucket lives only matters to a pool with a rate limit: inherited, it
        // says where the limits of the pools that have one live.
        Setting<?> sharing = firstOf(pool.own("rate-limit.key", (p) -> p.getRateLimit().getKey()),
                pool.own("rate-limit.on-store-failure", (p) -> p.getRateLimit().getOnStoreFailure()),
                pool.own("rate-limit.request-timeout", (p) -> p.getRateLimit().getRequestTimeout()));
        if (permits == null) {
            Setting<?> orphan = firstOf(period, burst, pool.own("rate-limit.scope", (p) -> p.getRateLimit().getScope()),
                    sharing);
            if (orphan != null) {
                String permitsProperty = orphan.property().replaceFirst("\\.[a-z-]+$", ".permits");
                throw new InvalidPoolPropertyException(orphan.property(), shown(orphan), "a rate limit needs permits",
                        "Set " + permitsProperty + ", or remove " + orphan.property());
            }
            return null;
        }
        Setting<RateLimitScope> scope = pool.get("rate-limit.scope", (p) -> p.getRateLimit().getScope());
        if (sharing != null && (scope == null || scope.value() == RateLimitScope.LOCAL)) {
            String scopeProperty = sharing.property().replaceFirst("\\.[a-z-]+$", ".scope");
            throw new InvalidPoolPropertyException(sharing.property(), shown(sharing),
                    "it only applies to a rate limit shared in Redis, and the scope is "
                            + ((scope != null) ? "local (from " + scope.property() + ")" : "local by default"),
                    "Set " + scopeProperty + " to cluster, or remove " + sharing.property());
        }
        Duration periodValue = (period != null) ? period.value() : Duration.ofSeconds(1);
        long burstValue = (burst != null) ? burst.value() : permits.value();
        return new RateLimit(permits.value(), periodValue, burstValue);
    }

    private StartPermits clusterPermits(Resolver pool, RateLimit rateLimit, Setting<RateLimitScope> scope) {
        if (this.clusterPermits == null) {
            throw missingRedis(scope);
        }
        String key = pool.value("rate-limit.key", (p) -> p.getRateLimit().getKey());
        if (key == null) {
            key = "poolworks:" + this.environment.getProperty(APPLICATION_NAME, "application") + ":" + pool.name;
        }
        StoreFailure onStoreFailure = pool.value("rate-limit.on-store-failure",
                (p) -> p.getRateLimit().getOnStoreFailure());
        Duration requestTimeout = pool.value("rate-limit.request-timeout", (p) -> p.getRateLimit().getRequestTimeout());
        try {
            return this.clusterPermits.create(new ClusterPermits.Request(pool.name, rateLimit, key,
                    (onStoreFailure != null) ? onStoreFailure : StoreFailure.PAUSE, requestTimeout, scope.property()));
        }
        catch (InvalidSettingException ex) {
            // poolworks-redis names its own settings (key, requestTimeout); in the
            // properties they are part of the rate limit.
            throw ex.setting().startsWith("rateLimit.") ? ex
                    : new InvalidSettingException("rateLimit." + ex.setting(), ex.value(), ex.rule(), pool.name);
        }
    }

    private InvalidPoolPropertyException missingRedis(Setting<RateLimitScope> scope) {
        boolean redis = ClassUtils.isPresent("io.poolworks.redis.ClusterRateLimit", this.classLoader);
        boolean lettuce = ClassUtils
            .isPresent("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", this.classLoader);
        List<String> missing = new ArrayList<>();
        if (!redis) {
            missing.add("io.poolworks:poolworks-redis");
        }
        if (!lettuce) {
            missing.add("org.springframework.boot:spring-boot-starter-data-redis");
        }
        String what = missing.isEmpty() ? "poolworks-redis and Spring Data Redis with Lettuce"
                : String.join(" and ", missing);
        return new InvalidPoolPropertyException(scope.property(), shown(scope),
                "a rate limit shared in Redis needs " + what + " on the class path",
                "Add " + what + " to the application's dependencies, or set " + scope.property() + " to local");
    }

    @SafeVarargs
    private static @Nullable Setting<?> firstOf(@Nullable Setting<?>... settings) {
        for (Setting<?> setting : settings) {
            if (setting != null) {
                return setting;
            }
        }
        return null;
    }

    private @Nullable AdaptiveLimit adaptiveLimit(Resolver pool) {
        Setting<AdaptiveLimit.Algorithm> algorithm = pool.get("adaptive.algorithm",
                (p) -> p.getAdaptive().getAlgorithm());
        Setting<Integer> initial = pool.get("adaptive.initial", (p) -> p.getAdaptive().getInitial());
        Setting<Integer> min = pool.get("adaptive.min", (p) -> p.getAdaptive().getMin());
        Setting<Integer> max = pool.get("adaptive.max", (p) -> p.getAdaptive().getMax());
        if (algorithm == null) {
            // The defaults may shape the limit of any pool that turns it on; a pool's own
            // key without an algorithm is a mistake.
            Setting<?> orphan = Stream.of(initial, min, max)
                .filter((setting) -> setting != null && !setting.property().startsWith("poolworks.defaults."))
                .findFirst()
                .orElse(null);
            if (orphan != null) {
                String algorithmProperty = orphan.property().replaceFirst("\\.(initial|min|max)$", ".algorithm");
                throw new InvalidPoolPropertyException(orphan.property(), shown(orphan),
                        "an adaptive limit needs an algorithm",
                        "Set " + algorithmProperty + " to gradient2, vegas or aimd, or remove " + orphan.property());
            }
            return null;
        }
        return new AdaptiveLimit(algorithm.value(), (initial != null) ? initial.value() : 0,
                (min != null) ? min.value() : 1, (max != null) ? max.value() : 0);
    }

    /**
     * Translate a refused value into the property it came from.
     * @param name the pool name
     * @param ex what the builder said
     * @return the translated exception, or {@code ex} itself if the value did not come
     * from a property (a customizer set it)
     */
    RuntimeException translate(String name, InvalidSettingException ex) {
        Resolver pool = new Resolver(name);
        // The builder's names where the properties' differ: saturationPolicy,
        // adaptiveLimit.*.
        String path = ex.setting().equals("saturationPolicy") ? "saturation"
                : ex.setting().replaceFirst("^adaptiveLimit\\.", "adaptive.");
        String key = dashed(path);
        Setting<?> setting = key.equals("virtual-threads") ? virtualThreadsSetting(pool)
                : pool.get(key, (bean) -> readable(bean, path));
        if (setting == null || !sameValue(setting.value(), ex.value())) {
            return ex;
        }
        String exRule = ex.rule().replace("adaptiveLimit.", "adaptive.");
        String rule = "it " + dashed(exRule);
        String fix = fix(setting.property(), exRule);
        if (key.equals("max-workers")) {
            Setting<?> min = pool.get("min-workers", Pool::getMinWorkers);
            if (min != null) {
                rule = rule.replaceFirst("min-workers \\((\\d+)\\)", "min-workers ($1 from " + min.property() + ")");
                fix = "Raise " + setting.property() + " to at least " + min.value() + ", or lower " + min.property();
            }
        }
        return new InvalidPoolPropertyException(setting.property(), shown(setting), rule, fix);
    }

    private Object shown(Setting<?> setting) {
        Object shown = ConfiguredValues.shown(this.environment, setting.property(), setting.value());
        return (shown != null) ? shown : setting.value();
    }

    private static boolean sameValue(Object bound, @Nullable Object refused) {
        if (refused == null) {
            return false;
        }
        if (bound instanceof Number number && refused instanceof Number other) {
            return number.longValue() == other.longValue();
        }
        return bound.equals(refused) || bound.toString().equals(String.valueOf(refused).replace("'", ""));
    }

    /**
     * Read a property of a pool by the builder's name for it, which is its JavaBean path
     * ({@code rateLimit.permits}).
     */
    private static @Nullable Object readable(Pool pool, String path) {
        BeanWrapperImpl wrapper = new BeanWrapperImpl(pool);
        return wrapper.isReadableProperty(path) ? wrapper.getPropertyValue(path) : null;
    }

    private static String dashed(String text) {
        Matcher matcher = CAMEL_CASE.matcher(text);
        StringBuilder dashed = new StringBuilder();
        while (matcher.find()) {
            String word = matcher.group().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            matcher.appendReplacement(dashed, Matcher.quoteReplacement(word));
        }
        matcher.appendTail(dashed);
        return dashed.toString();
    }

    private static String fix(String property, String rule) {
        Matcher bound = BOUND.matcher(rule);
        if (bound.find()) {
            return "Set " + property + " to " + bound.group(2)
                    + (bound.group(1).equals(">=") ? " or more" : " or less");
        }
        if (rule.equals("must be positive")) {
            return "Set " + property + " to a positive duration such as 10s, or remove it";
        }
        return "Change " + property + " so that it " + dashed(rule).replaceFirst(" \\(.*\\)$", "") + ", or remove it";
    }

    /**
     * The run-time settings of a pool as its properties set them.
     *
     * @param minWorkers the minimum, or {@code null} if not set
     * @param maxWorkers the maximum, or {@code null} if not set
     * @param queueCapacity the queue capacity, or {@code null} if not set
     * @param rateLimit the rate limit, or {@code null} for none
     * @param paused whether the pool is paused
     */
    record Tunables(@Nullable Integer minWorkers, @Nullable Integer maxWorkers, @Nullable Integer queueCapacity,
            @Nullable RateLimit rateLimit, boolean paused) {

    }

    /**
     * A resolved value and the property it came from.
     */
    record Setting<T>(T value, String property) {

    }

    /**
     * Looks a key up in one pool, then in the defaults.
     */
    private final class Resolver {

        private final String name;

        private final @Nullable Pool pool;

        Resolver(String name) {
            this.name = name;
            this.pool = PoolPropertiesMapper.this.properties.getPools().get(name);
        }

        <T> @Nullable T value(String key, Function<Pool, @Nullable T> getter) {
            Setting<T> setting = get(key, getter);
            return (setting != null) ? setting.value() : null;
        }

        /** Look the key up in the pool only, not in the defaults. */
        <T> @Nullable Setting<T> own(String key, Function<Pool, @Nullable T> getter) {
            T value = (this.pool != null) ? getter.apply(this.pool) : null;
            return (value != null) ? new Setting<>(value, "poolworks.pools." + this.name + "." + key) : null;
        }

        <T> @Nullable Setting<T> get(String key, Function<Pool, @Nullable T> getter) {
            T value = (this.pool != null) ? getter.apply(this.pool) : null;
            if (value != null) {
                return new Setting<>(value, "poolworks.pools." + this.name + "." + key);
            }
            value = getter.apply(PoolPropertiesMapper.this.properties.getDefaults());
            return (value != null) ? new Setting<>(value, "poolworks.defaults." + key) : null;
        }

    }

}
