package io.poolworks.benchmarks;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolworks.WorkerPool;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.metrics.PoolworksMetricsAutoConfiguration;
import io.poolworks.spring.observation.PoolworksObservationAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
     * Start the context, without the Observation of tasks.
     * @param histogram the value of {@code poolworks.metrics.histogram}
     * @return the running context
     */
    static StarterMetrics start(boolean histogram) {
        return start(histogram, Observation.NONE);
    }

    /**
     * Start the context.
     * @param histogram the value of {@code poolworks.metrics.histogram}
     * @param observation whether the application can observe tasks, and does
     * @return the running context
     */
    static StarterMetrics start(boolean histogram, Observation observation) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("benchmark",
                    Map.of("poolworks.metrics.histogram", histogram, "poolworks.observation.enabled",
                            observation == Observation.ON || observation == Observation.ON_WITHOUT_METERS,
                            "benchmark.observation.meters", observation != Observation.ON_WITHOUT_METERS)));
        context.register((observation != Observation.NONE) ? ObservedApplication.class : Application.class);
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
     * The Observation of tasks in the application.
     */
    enum Observation {

        /**
         * No observation support: no {@code ObservationRegistry}, no auto-configuration.
         */
        NONE,

        /**
         * An {@code ObservationRegistry} and the starter's observation
         * auto-configuration, with {@code poolworks.observation.enabled=false} (the
         * default).
         */
        OFF,

        /** The same with {@code poolworks.observation.enabled=true}. */
        ON,

        /**
         * On, with an {@code ObservationRegistry} whose one handler does nothing: the
         * Observations and the starter's bookkeeping, without meters.
         */
        ON_WITHOUT_METERS

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

    /**
     * The application with an {@link ObservationRegistry} whose Observations are timed in
     * the meter registry, as Spring Boot's actuator sets it up without a tracer, and the
     * starter's observation auto-configuration.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ PoolworksAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class,
            PoolworksObservationAutoConfiguration.class })
    static class ObservedApplication {

        @Bean
        PrometheusMeterRegistry prometheusMeterRegistry() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }

        @Bean
        ObservationRegistry observationRegistry(PrometheusMeterRegistry meters, Environment environment) {
            ObservationRegistry registry = ObservationRegistry.create();
            if (environment.getProperty("benchmark.observation.meters", Boolean.class, true)) {
                registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            }
            else {
                registry.observationConfig().observationHandler((context) -> true);
            }
            return registry;
        }

    }

}
