package io.poolworks.spring.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolworks.WorkerPool;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters as Prometheus scrapes them from the registry that Boot configures: the
 * series of a pool are those of a JDK executor monitored by Micrometer's
 * {@link ExecutorServiceMetrics}, in the same registry, with and without histograms; no
 * name repeats its unit; every family has a help text.
 */
class PrometheusScrapeTests {

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        PrometheusMetricsExportAutoConfiguration.class, PoolworksAutoConfiguration.class,
                        PoolworksWorkersAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class))
        .withPropertyValues("poolworks.pools.emails.max-workers=1");

    @Test
    void executorSeriesShouldBeThoseOfAJdkExecutorMonitoredByMicrometer() {
        RUNNER.run((context) -> {
            Scrape scrape = scrapeAfterATask(context, true);
            Map<String, String> reference = seriesAndTypes(scrape, "reference");
            assertThat(reference).containsKeys("executor_seconds_count", "executor_seconds_sum", "executor_seconds_max",
                    "executor_idle_seconds_count", "executor_idle_seconds_max");
            assertThat(seriesAndTypes(scrape, "emails")).isEqualTo(reference);
            assertThat(reference).containsEntry("executor_seconds_count", "summary")
                .containsEntry("executor_seconds_max", "gauge");
        });
    }

    @Test
    void executorSeriesWhenHistogramIsOnShouldBeThoseOfAJdkExecutorWithHistograms() {
        RUNNER
            .withPropertyValues("poolworks.metrics.histogram=true",
                    "management.metrics.distribution.percentiles-histogram.executor=true")
            .run((context) -> {
                Scrape scrape = scrapeAfterATask(context, true);
                Map<String, String> reference = seriesAndTypes(scrape, "reference");
                assertThat(reference).containsEntry("executor_seconds_bucket", "histogram")
                    .containsEntry("executor_idle_seconds_bucket", "histogram")
                    .containsEntry("executor_idle_seconds_max", "gauge");
                assertThat(seriesAndTypes(scrape, "emails")).isEqualTo(reference);
                assertThat(scrape.samples("executor_idle_seconds_bucket"))
                    .filteredOn((sample) -> "emails".equals(sample.labels().get("name")))
                    .hasSizeGreaterThan(10);
            });
    }

    @Test
    void seriesNamesShouldNotRepeatAWord() {
        RUNNER.withUserConfiguration(PoolworksMetricsAutoConfigurationTests.Workers.class).run((context) -> {
            Scrape scrape = scrapeAfterATask(context, false);
            List<String> series = scrape.samples("executor", "poolworks").stream().map(Scrape.Sample::series).toList();
            assertThat(series).contains("poolworks_tasks_failed_total", "poolworks_tasks_rejected_total",
                    "poolworks_worker_restarts_total");
            assertThat(series)
                .filteredOn((name) -> Arrays.stream(name.split("_")).distinct().count() < name.split("_").length)
                .isEmpty();
        });
    }

    @Test
    void everyFamilyShouldHaveAHelpText() {
        RUNNER.withUserConfiguration(PoolworksMetricsAutoConfigurationTests.Workers.class).run((context) -> {
            Scrape scrape = scrapeAfterATask(context, false);
            assertThat(scrape.samples("executor", "poolworks"))
                .filteredOn((sample) -> scrape.help(sample.series()).isEmpty())
                .extracting(Scrape.Sample::series)
                .isEmpty();
        });
    }

    /**
     * Run one task in pool {@code emails} and, if asked, one in a JDK executor monitored
     * as {@code reference} in the context's registry; then scrape.
     */
    private static Scrape scrapeAfterATask(AssertableApplicationContext context, boolean withReference)
            throws Exception {
        PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
        ThreadPoolExecutor jdk = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1));
        ExecutorService reference = withReference ? ExecutorServiceMetrics.monitor(registry, jdk, "reference") : jdk;
        try {
            reference.submit(() -> null).get(10, TimeUnit.SECONDS);
            WorkerPool pool = context.getBean("emails", WorkerPool.class);
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            await().untilAsserted(() -> assertThat(
                    registry.get("executor").tag("name", "emails").meter().measure().iterator().next().getValue())
                .isEqualTo(1));
            return new Scrape(registry.scrape());
        }
        finally {
            reference.shutdownNow();
        }
    }

    private static Map<String, String> seriesAndTypes(Scrape scrape, String name) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String series : scrape.series("name", name)) {
            if (series.startsWith("executor")) {
                types.put(series, scrape.type(series));
            }
        }
        return types;
    }

}
