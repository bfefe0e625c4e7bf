package io.poolworks.benchmarks;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolworks.WorkerPool;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.metrics.PoolworksMetricsAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The starter's pools with the starter's meters: a Spring context with the starter's pool
 * and metrics auto-configurations and a {@link PrometheusMeterRegistry}, whose
 * {@link WorkerPoolFactory} builds pools exactly as an application's pools are built.
 */
final class StarterMetrics implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;

    private StarterMetrics(AnnotationConfigApplicationContext context) {
        this.context = context;
    }

    /**
     * Start the context.
     * @param histogram the value of {@code poolworks.metrics.histogram}
     * @return the running context
     */
    static StarterMetrics start(boolean histogram) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("benchmark", Map.of("poolworks.metrics.histogram", histogram)));
        context.register(Application.class);
        context.refresh();
        return new StarterMetrics(context);
    }

    /**
     * Return a builder from the starter's {@link WorkerPoolFactory}, with the metrics
     * listener added.
     * @param name the pool name
     * @return the builder
     */
    WorkerPool.Builder builder(String name) {
        return this.context.getBean(WorkerPoolFactory.class).builder(name);
    }

    /**
     * Return how many tasks the pool's {@code executor} timer counted.
     * @param pool the pool name
     * @return the count
     */
    long timedTasks(String pool) {
        return timedTasks(this.context.getBean(MeterRegistry.class), pool);
    }

    /**
     * Return how many tasks the {@code executor} timer of an executor counted, whether it
     * is a timer or a function timer.
     * @param registry the registry
     * @param name the executor's {@code name} tag
     * @return the count
     */
    static long timedTasks(MeterRegistry registry, String name) {
        Meter timer = registry.get("executor").tag("name", name).meter();
        for (Measurement measurement : timer.measure()) {
            if (measurement.getStatistic() == Statistic.COUNT) {
                return (long) measurement.getValue();
            }
        }
        throw new IllegalStateException("No count in " + timer.getId());
    }

    @Override
    public void close() {
        this.context.close();
    }

    /**
     * The application: the registry; the starter's auto-configurations do the rest.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ PoolworksAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class })
    static class Application {

        @Bean
        PrometheusMeterRegistry prometheusMeterRegistry() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }

    }

}
