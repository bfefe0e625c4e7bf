package io.poolworks.sample.observability;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.poolworks.redis.testing.RedisServer;
import io.poolworks.sample.SampleApplication;
import io.poolworks.sample.observability.ObservabilityDocs.Panel;
import io.poolworks.sample.observability.ObservabilityDocs.Rule;
import io.poolworks.sample.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric that a PromQL expression of the Grafana dashboard or of the alert rules
 * names appears in the real {@code /actuator/prometheus} scrape of the sample service,
 * started on a random port: with {@code poolworks.metrics.histogram=true}, every metric;
 * without it, every metric but the histograms' {@code _bucket} series, which only panels
 * and rules that say they need the histogram may use. The collapsed rows of the
 * {@code pool-redis} features (a rate limit shared in Redis, streams that feed pools)
 * name metrics that only exist with those features: the sample's default profile lacks
 * them, and its {@code cluster} profile, started a third time on a real Redis, has every
 * one.
 */
class DashboardAndAlertsScrapeTests {

    /**
     * The rows whose meters come with pool-redis features, which the sample uses in its
     * cluster profile only.
     */
    static final Set<String> REDIS_ROWS = Set.of("Cluster rate limit (pool-redis, when present)",
            "Redis streams (pool-redis, when present)");

    /** What those rows may name without the default profile's scrape having it. */
    static final Set<String> REDIS_METRICS = Set.of("poolworks_rate_limit_store_errors_total", "poolworks_stream_lag");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");

    private static Set<String> withHistograms;

    private static Set<String> withoutHistograms;

    private static Set<String> clusterProfile;

    @BeforeAll
    static void scrapeTheSampleThreeTimes() throws Exception {
        withHistograms = scrape(true);
        withoutHistograms = scrape(false);
        try (RedisServer redis = RedisServer.start()) {
            clusterProfile = scrape(false, "--spring.profiles.active=cluster",
                    "--spring.data.redis.port=" + redis.port());
        }
    }

    @AfterAll
    static void forget() {
        withHistograms = null;
        withoutHistograms = null;
        clusterProfile = null;
    }

    @Test
    void everyDashboardMetricShouldBeScrapedWithHistogramsOn() throws IOException {
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (Panel panel : ObservabilityDocs.panels()) {
            Set<String> absent = absent(metricNames(panel), withHistograms);
            if (panel.row() != null && REDIS_ROWS.contains(panel.row().title())) {
                assertThat(panel.nested()).as("%s is inside its collapsed row", panel.title()).isTrue();
                assertThat(panel.row().collapsed()).as("row %s is collapsed", panel.row().title()).isTrue();
                assertThat(REDIS_METRICS).as("metrics %s of pool-redis panel %s", absent, panel.title())
                    .containsAll(absent);
            }
            else if (!absent.isEmpty()) {
                missing.put(panel.title(), absent);
            }
        }
        assertThat(missing).as("panels naming metrics the sample does not export").isEmpty();
    }

    @Test
    void dashboardWithoutHistogramsShouldMissOnlyTheBucketsOfPanelsThatSaySo() throws IOException {
        for (Panel panel : ObservabilityDocs.panels()) {
            if (panel.row() != null && REDIS_ROWS.contains(panel.row().title())) {
                continue;
            }
            Set<String> absent = absent(metricNames(panel), withoutHistograms);
            assertThat(absent).as("metrics of %s missing without histograms", panel.title())
                .allMatch((name) -> name.endsWith("_bucket"));
            if (!absent.isEmpty()) {
                assertThat(panel.description()).as("description of %s", panel.title())
                    .contains("poolworks.metrics.histogram=true");
            }
        }
    }

    @Test
    void everyDashboardMetricShouldBeScrapedFromTheClusterProfile() throws IOException {
        List<Panel> redisPanels = new ArrayList<>();
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (Panel panel : ObservabilityDocs.panels()) {
            if (panel.row() != null && REDIS_ROWS.contains(panel.row().title())) {
                redisPanels.add(panel);
                assertThat(panel.description()).as("description of %s", panel.title()).doesNotContain("laceholder");
            }
            Set<String> absent = absent(metricNames(panel), clusterProfile);
            absent.removeIf((name) -> name.endsWith("_bucket"));
            if (!absent.isEmpty()) {
                missing.put(panel.title(), absent);
            }
        }
        assertThat(redisPanels).extracting(Panel::title).contains("Stream lag");
        assertThat(missing).as("panels naming metrics the cluster profile does not export").isEmpty();
    }

    @Test
    void poolVariableShouldListThePoolsFromAScrapedMetric() throws IOException {
        String query = ObservabilityDocs.dashboard()
            .get("templating")
            .get("list")
            .findValues("definition")
            .get(0)
            .asString();
        Matcher labelValues = LABEL_VALUES.matcher(query);
        assertThat(labelValues.matches()).as(query).isTrue();
        assertThat(labelValues.group(1)).isEqualTo("executor_pool_size_threads");
        assertThat(withoutHistograms).contains(labelValues.group(1));
    }

    @Test
    void everyAlertMetricShouldBeScraped() throws IOException {
        List<Rule> rules = ObservabilityDocs.rules();
        assertThat(rules).hasSize(6);
        for (Rule rule : rules) {
            Set<String> names = PromQl.metricNames(rule.expression());
            assertThat(names).as("metrics of %s", rule.alert()).isNotEmpty();
            assertThat(absent(names, withHistograms)).as("metrics of %s missing", rule.alert()).isEmpty();
            Set<String> withoutBuckets = absent(names, withoutHistograms);
            assertThat(withoutBuckets).as("metrics of %s missing without histograms", rule.alert())
                .allMatch((name) -> name.endsWith("_bucket"));
        }
    }

    private static Set<String> metricNames(Panel panel) {
        Set<String> names = new TreeSet<>();
        for (String expression : panel.expressions()) {
            Set<String> named = PromQl.metricNames(expression);
            assertThat(named).as("metrics of %s: %s", panel.title(), expression).isNotEmpty();
            names.addAll(named);
        }
        assertThat(names).as("metrics of %s", panel.title()).isNotEmpty();
        return names;
    }

    private static Set<String> absent(Set<String> names, Set<String> scraped) {
        Set<String> absent = new TreeSet<>(names);
        absent.removeAll(scraped);
        return absent;
    }

    /**
     * Start the sample, run a task on each pool, scrape, stop.
     */
    private static Set<String> scrape(boolean histogram, String... arguments) throws Exception {
        try (ConfigurableApplicationContext sample = new SpringApplicationBuilder(SampleApplication.class)
            .properties("server.port=0", "poolworks.metrics.histogram=" + histogram, "sample.ingest.work-time=10ms",
                    "sample.reports.work-time=10ms", "sample.mail.work-time=5ms", "poolworks.defaults.drain-timeout=2s",
                    "poolworks.defaults.termination-grace=1s")
            .run(arguments)) {
            Http http = new Http(Integer.parseInt(sample.getEnvironment().getProperty("local.server.port")));
            assertThat(http.post("/ingest", "{\"payload\":\"hello\"}").statusCode()).isEqualTo(202);
            HttpResponse<String> scrape = http.get("/actuator/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            Set<String> names = new TreeSet<>();
            for (String line : scrape.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertThat(names).contains("executor_active_threads");
            return names;
        }
    }

}
