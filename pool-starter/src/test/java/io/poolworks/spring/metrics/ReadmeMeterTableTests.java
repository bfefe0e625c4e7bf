package io.poolworks.spring.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolworks.WorkerPool;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.spring.testing.OrderHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meter tables of the README ("Meters") against the meters of a real application and
 * its Prometheus scrape, from the registry Boot configures: every meter and every series
 * is in a table, and every row exists with its type, base unit, tags, pools and
 * Prometheus series and types. One pool shares its rate limit in a real Redis, and a
 * stream of that Redis feeds another, for the meters that only such pools have.
 */
class ReadmeMeterTableTests {

    private static final Set<String> FACTORY_POOLS = Set.of("emails", "reports", "mail");

    private static final Set<String> CLUSTER_POOLS = Set.of("mail");

    private static final String CLUSTER_COLUMN = "`rate-limit.scope: cluster`";

    private static final Set<String> STREAM_POOLS = Set.of("emails");

    private static final String STREAM_COLUMN = "`poolworks.streams`";

    private static final Set<String> OTHER_POOLS = Set.of("thumbnails");

    /**
     * The workers of the application: two beans, and the source of the stream binding.
     */
    private static final Set<String> WORKERS = Set.of("flaky", "steady", "ordersStreamSource");

    /** The one pool with an adaptive limit. */
    private static final String ADAPTIVE_POOL = "poolworks.pools.emails.adaptive.algorithm=gradient2";

    private static final Pattern SERIES_GROUP = Pattern.compile("(.*?)\\((\\w+)\\)");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /**
     * The application of the scrape tests, with a pool whose rate limit is shared in
     * Redis and a pool fed by a Redis stream, for the meters only such pools have.
     */
    private static ApplicationContextRunner runner() {
        return PrometheusScrapeTests.RUNNER.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
            .withUserConfiguration(PoolworksMetricsAutoConfigurationTests.UserPools.class,
                    PoolworksMetricsAutoConfigurationTests.Workers.class, OrderHandler.class)
            .withPropertyValues("poolworks.workers.failure-policy=restart", "spring.data.redis.port=" + redis.port(),
                    "poolworks.pools.mail.rate-limit.permits=100", "poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.key=test:" + UUID.randomUUID(),
                    "poolworks.streams.orders.stream=test:" + UUID.randomUUID(), "poolworks.streams.orders.group=g",
                    "poolworks.streams.orders.pool=emails");
    }

    @Test
    void meterTableShouldMatchTheMetersAndTheScrape() throws Exception {
        List<Row> rows = tables().get(0);
        runner().withPropertyValues(ADAPTIVE_POOL).run((context) -> assertTableMatches(rows, context));
    }

    @Test
    void meterTableWhenHistogramIsOnShouldMatchTheMetersAndTheScrape() throws Exception {
        List<List<Row>> tables = tables();
        List<Row> histogramRows = tables.get(1);
        Set<String> replacedNames = new TreeSet<>();
        Set<String> replacedSeries = new TreeSet<>();
        for (Row row : histogramRows) {
            replacedNames.add(row.name());
            replacedSeries.addAll(row.series().keySet());
        }
        List<Row> rows = new ArrayList<>(histogramRows);
        for (Row row : tables.get(0)) {
            if (!replacedNames.contains(row.name()) && !replacedSeries.containsAll(row.series().keySet())) {
                rows.add(row);
            }
        }
        runner().withPropertyValues("poolworks.metrics.histogram=true", ADAPTIVE_POOL)
            .run((context) -> assertTableMatches(rows, context));
    }

    private static void assertTableMatches(List<Row> rows, AssertableApplicationContext context) throws Exception {
        PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
        // With a task timed, so that the histogram has counts.
        CountDownLatch ran = new CountDownLatch(1);
        context.getBean("emails", WorkerPool.class).execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        List<Meter> meters = registry.getMeters()
            .stream()
            .filter((meter) -> meter.getId().getName().startsWith("executor")
                    || meter.getId().getName().startsWith("poolworks"))
            .toList();
        // Every meter is in the table, with its base unit and tags.
        for (Meter meter : meters) {
            Meter.Id id = meter.getId();
            Row row = rows.stream()
                .filter((candidate) -> candidate.name().equals(id.getName()) && candidate.type().equals(type(meter)))
                .filter((candidate) -> candidate.tags().equals(tagKeys(id)))
                .findFirst()
                .orElse(null);
            assertThat(row).as("README row for %s %s %s", type(meter), id.getName(), tagKeys(id)).isNotNull();
            assertThat(id.getBaseUnit()).as("base unit of %s", id.getName()).isEqualTo(row.baseUnit());
        }
        // Every row has its meters, for the pools or workers it names.
        for (Row row : rows) {
            Set<String> owners = new TreeSet<>();
            for (Meter meter : meters) {
                if (meter.getId().getName().equals(row.name()) && type(meter).equals(row.type())
                        && tagKeys(meter.getId()).equals(row.tags())) {
                    String owner = meter.getId().getTag(row.pools().equals("workers") ? "worker" : "name");
                    owners.add(owner);
                }
            }
            assertThat(owners).as("pools or workers of %s %s", row.type(), row.name())
                .containsExactlyInAnyOrderElementsOf(row.owners());
        }
        // Every series scraped is in the table, with its type and labels.
        Scrape scrape = new Scrape(registry.scrape());
        Map<String, String> documented = new LinkedHashMap<>();
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (Row row : rows) {
            documented.putAll(row.series());
            row.series().keySet().forEach((series) -> labels.put(series, row.tags()));
        }
        Map<String, String> scraped = new LinkedHashMap<>();
        for (Scrape.Sample sample : scrape.samples("executor", "poolworks")) {
            scraped.put(sample.series(), scrape.type(sample.series()));
        }
        assertThat(scraped).as("series and their Prometheus types").containsExactlyInAnyOrderEntriesOf(documented);
        for (Map.Entry<String, Set<String>> series : labels.entrySet()) {
            assertThat(scrape.labelNames(series.getKey())).as("labels of %s", series.getKey())
                .containsExactly(series.getValue());
        }
    }

    private static String type(Meter meter) {
        if (meter instanceof FunctionTimer) {
            return "FunctionTimer";
        }
        if (meter instanceof Timer) {
            return "Timer";
        }
        if (meter instanceof FunctionCounter) {
            return "FunctionCounter";
        }
        if (meter instanceof Counter) {
            return "Counter";
        }
        if (meter instanceof Gauge) {
            return "Gauge";
        }
        throw new IllegalStateException("Not a type the README uses: " + meter);
    }

    private static Set<String> tagKeys(Meter.Id id) {
        Set<String> keys = new TreeSet<>();
        for (Tag tag : id.getTagsAsIterable()) {
            keys.add(tag.getKey());
        }
        return keys;
    }

    /**
     * Read the tables of the README's "Meters" section, in order.
     */
    static List<List<Row>> tables() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("### Meters\n");
        assertThat(start).as("a Meters section in README.md").isNotNegative();
        int end = readme.indexOf("\n## ", start);
        List<List<Row>> tables = new ArrayList<>();
        List<Row> table = null;
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| name | type | base unit | tags | Prometheus series (type) |")) {
                table = new ArrayList<>();
                tables.add(table);
            }
            else if (table != null && line.startsWith("| `")) {
                table.add(Row.parse(line));
            }
            else if (!line.startsWith("|")) {
                table = null;
            }
        }
        assertThat(tables).as("the meter table and the histogram table").hasSize(2);
        return tables;
    }

    /**
     * One row of a meter table.
     *
     * @param name the Micrometer name
     * @param type the Micrometer type
     * @param baseUnit the base unit, or {@code null}
     * @param tags the tag keys
     * @param series the Prometheus series and their types
     * @param pools the pools column
     */
    record Row(String name, String type, @Nullable String baseUnit, Set<String> tags, Map<String, String> series,
            String pools) {

        static Row parse(String line) {
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            assertThat(cells).as(line).hasSize(7);
            String name = codes(cells[0]).get(0);
            String baseUnit = cells[2].isBlank() ? null : cells[2].trim();
            Set<String> tags = new TreeSet<>();
            for (String tag : cells[3].replaceAll("\\(.*?\\)", "").split(",")) {
                tags.add(tag.trim());
            }
            Map<String, String> series = new LinkedHashMap<>();
            Matcher group = SERIES_GROUP.matcher(cells[4]);
            while (group.find()) {
                for (String code : codes(group.group(1))) {
                    series.put(code, group.group(2));
                }
            }
            assertThat(series).as(line).isNotEmpty();
            return new Row(name, cells[1].trim(), baseUnit, tags, series, cells[6].trim());
        }

        private static List<String> codes(String text) {
            List<String> codes = new ArrayList<>();
            Matcher code = CODE.matcher(text);
            while (code.find()) {
                codes.add(code.group(1));
            }
            return codes;
        }

        Set<String> owners() {
            if (this.pools.equals("all")) {
                Set<String> all = new TreeSet<>(FACTORY_POOLS);
                all.addAll(OTHER_POOLS);
                return all;
            }
            if (this.pools.equals(CLUSTER_COLUMN)) {
                return CLUSTER_POOLS;
            }
            if (this.pools.equals(STREAM_COLUMN)) {
                return STREAM_POOLS;
            }
            if (this.pools.startsWith("built by the starter")) {
                return FACTORY_POOLS;
            }
            if (this.pools.equals("other pools")) {
                return OTHER_POOLS;
            }
            if (this.pools.equals("workers")) {
                return WORKERS;
            }
            if (this.pools.equals("with an adaptive limit")) {
                return Set.of("emails");
            }
            throw new IllegalStateException("Unknown pools column: " + this.pools);
        }

    }

}
