package io.poolworks.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolworks.conductor.Conductor;
import io.poolworks.spring.ClusterRateLimitCustomizer;
import io.poolworks.spring.StreamSourceRegistry;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link AutoConfiguration Auto-configuration} for Micrometer meters of every pool in the
 * {@link WorkerPoolRegistry}, including pools registered later, tagged
 * {@code name=<pool>}: the meters of Micrometer's {@code ExecutorServiceMetrics} and
 * {@code poolworks.*} counters; and, when there are workers, meters of the application's
 * workers; and meters of each rate limit shared in Redis that the starter builds, and of
 * each Redis stream that feeds a pool. {@code poolworks.metrics.histogram} turns the
 * pools' timers into Micrometer timers with a percentile histogram.
 */
// By name: spring-boot-micrometer-metrics is optional; a MeterRegistry bean is enough.
@AutoConfiguration(after = { PoolworksAutoConfiguration.class, PoolworksWorkersAutoConfiguration.class }, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, WorkerPoolRegistry.class })
@EnableConfigurationProperties(PoolworksMetricsProperties.class)
public final class PoolworksMetricsAutoConfiguration {

    @Autowired
    void bindPoolsToRegistry(WorkerPoolRegistry pools, MeterRegistry registry) {
        pools.onRegistered((pool) -> PoolMeters.bind(pool, registry));
    }

    @Bean
    static WorkerPoolCustomizer poolworksMetricsCustomizer(MeterRegistry registry,
            PoolworksMetricsProperties properties) {
        return (name, builder) -> builder.listener(new PoolEventMeters(name, registry, properties.isHistogram()));
    }

    @Bean
    static LazyInitializationExcludeFilter poolworksEagerMetrics() {
        return LazyInitializationExcludeFilter.forBeanTypes(PoolworksMetricsAutoConfiguration.class,
                WorkerMetricsConfiguration.class, StreamMetricsConfiguration.class);
    }

    /**
     * Meters of the rate limits shared in Redis.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.poolworks.redis.ClusterRateLimit")
    static class ClusterRateLimitMetricsConfiguration {

        // Static: the starter builds a pool's limit, and asks for customizers, while it
        // creates the pool bean.
        @Bean
        static ClusterRateLimitCustomizer poolworksClusterRateLimitMeters(MeterRegistry registry,
                ObjectProvider<WorkerPoolRegistry> pools) {
            return new ClusterRateLimitMeters(registry, pools);
        }

    }

    /**
     * Meters of the Redis streams that feed pools.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.poolworks.redis.StreamSource")
    @ConditionalOnBean(type = "io.poolworks.spring.StreamSourceRegistry")
    static class StreamMetricsConfiguration {

        @Autowired
        void bindStreamsToRegistry(StreamSourceRegistry streams, MeterRegistry registry) {
            streams.onRegistered((binding) -> StreamMeters.bind(binding, registry));
        }

    }

    /**
     * Meters of the workers run by the application's conductor.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(name = PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME)
    static class WorkerMetricsConfiguration {

        // Static: the conductor is built with this listener, so it must not wait for
        // this configuration, which waits for the conductor.
        @Bean
        static WorkerMeters poolworksWorkerMeters(MeterRegistry registry) {
            return new WorkerMeters(registry);
        }

        @Autowired
        void bindWorkersToRegistry(
                @Qualifier(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME) Conductor conductor,
                WorkerMeters meters) {
            meters.bind(conductor);
        }

    }

}
