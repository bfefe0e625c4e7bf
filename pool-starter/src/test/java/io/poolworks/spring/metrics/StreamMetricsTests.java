package io.poolworks.spring.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import io.poolworks.spring.testing.OrderHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the meters of the Redis streams that feed pools, which
 * {@link PoolworksMetricsAutoConfiguration} binds for every binding, tagged with the pool
 * and the binding: their values after four entries handled and one that always fails,
 * retried and dead-lettered, on a real Redis.
 */
class StreamMetricsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final List<String> METERS = List.of("poolworks.stream.pending", "poolworks.stream.lag",
            "poolworks.stream.in.flight", "poolworks.stream.reachable", "poolworks.stream.delivered",
            "poolworks.stream.acknowledged", "poolworks.stream.claimed", "poolworks.stream.retried",
            "poolworks.stream.dead.lettered", "poolworks.stream.handler.failures", "poolworks.stream.read.errors",
            "poolworks.stream.ack.errors");

    private static RedisServer redis;

    private final String stream = "orders:" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                PoolworksWorkersAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withUserConfiguration(OrderHandler.class)
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "poolworks.pools.ingest.max-workers=2",
                "poolworks.streams.orders.stream=" + this.stream, "poolworks.streams.orders.group=order-workers",
                "poolworks.streams.orders.pool=ingest", "poolworks.streams.orders.claim-idle=1s",
                "poolworks.streams.orders.max-deliveries=2");

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void metersShouldShowTheBacklogAndTheCountsOfEachBindingTaggedWithPoolAndBinding() {
        this.runner.run((context) -> {
            OrderHandler.add(redis, this.stream, "fail", "always");
            for (int i = 0; i < 4; i++) {
                OrderHandler.add(redis, this.stream, "order", Integer.toString(i));
            }
            StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
            await().atMost(TIMEOUT)
                .until(() -> source.stats().deadLettered() == 1 && source.stats().acknowledged() == 5);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String name : METERS) {
                Meter meter = registry.get(name).tag("name", "ingest").tag("binding", "orders").meter();
                assertThat(meter.getId().getDescription()).as(name).isNotBlank();
                assertThat(meter.getId().getBaseUnit()).as(name).isNull();
            }
            StreamSourceStats stats = source.stats();
            assertThat(gauge(registry, "poolworks.stream.pending")).isZero();
            if (OrderHandler.reportsLag(redis)) {
                assertThat(gauge(registry, "poolworks.stream.lag")).isZero();
            }
            else {
                assertThat(gauge(registry, "poolworks.stream.lag")).as("Redis 6.2 reports no lag").isNaN();
            }
            assertThat(gauge(registry, "poolworks.stream.in.flight")).isZero();
            assertThat(gauge(registry, "poolworks.stream.reachable")).isOne();
            assertThat(counter(registry, "poolworks.stream.delivered")).isEqualTo(6);
            assertThat(counter(registry, "poolworks.stream.acknowledged")).isEqualTo(5);
            assertThat(counter(registry, "poolworks.stream.claimed")).isEqualTo(stats.claimed()).isPositive();
            assertThat(counter(registry, "poolworks.stream.retried")).isOne();
            assertThat(counter(registry, "poolworks.stream.dead.lettered")).isOne();
            assertThat(counter(registry, "poolworks.stream.handler.failures")).isEqualTo(2);
            assertThat(counter(registry, "poolworks.stream.read.errors")).isZero();
            assertThat(counter(registry, "poolworks.stream.ack.errors")).isZero();
        });
    }

    @Test
    void pendingAndInFlightGaugesShouldCountAnEntryTheHandlerHolds() {
        this.runner.run((context) -> {
            OrderHandler orders = context.getBean(OrderHandler.class);
            OrderHandler.add(redis, this.stream, "hold", "yes");
            await().atMost(TIMEOUT).until(() -> orders.holding.getCount() == 0);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(gauge(registry, "poolworks.stream.pending")).isOne();
            assertThat(gauge(registry, "poolworks.stream.in.flight")).isOne();
            orders.release.countDown();
        });
    }

    @Test
    void contextWithoutPoolworksRedisShouldHaveNoStreamMeters() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withClassLoader(new FilteredClassLoader("io.poolworks.redis"))
            .withPropertyValues("poolworks.pools.ingest.max-workers=2")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(MeterRegistry.class).find("poolworks.stream.pending").meters()).isEmpty();
            });
    }

    private static double gauge(MeterRegistry registry, String name) {
        Gauge gauge = registry.get(name).tag("binding", "orders").gauge();
        return gauge.value();
    }

    private static double counter(MeterRegistry registry, String name) {
        FunctionCounter counter = registry.get(name).tag("binding", "orders").functionCounter();
        return counter.count();
    }

}
