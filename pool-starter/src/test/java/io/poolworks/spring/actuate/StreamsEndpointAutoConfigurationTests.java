package io.poolworks.spring.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.poolworks.redis.StreamSource;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.spring.StreamSourceRegistry;
import io.poolworks.spring.actuate.StreamsEndpoint.StreamBindingDescriptor;
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
 * Tests for {@link StreamsEndpointAutoConfiguration}: when the {@code streams} endpoint
 * exists, and the numbers it shows for a binding on a real Redis: four entries handled
 * and one that always fails, retried after {@code claim-idle} and dead-lettered after
 * {@code max-deliveries}.
 */
class StreamsEndpointAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static RedisServer redis;

    private final String stream = "orders:" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                PoolworksWorkersAutoConfiguration.class, StreamsEndpointAutoConfiguration.class))
        .withUserConfiguration(OrderHandler.class)
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "poolworks.pools.ingest.max-workers=2",
                "poolworks.streams.orders.stream=" + this.stream, "poolworks.streams.orders.group=order-workers",
                "poolworks.streams.orders.pool=ingest", "poolworks.streams.orders.consumer=shop-1",
                "poolworks.streams.orders.claim-idle=1s", "poolworks.streams.orders.max-deliveries=2");

    private final ApplicationContextRunner exposed = this.runner
        .withPropertyValues("management.endpoints.web.exposure.include=streams");

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void endpointWhenNotExposedShouldNotExist() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(StreamsEndpoint.class));
    }

    @Test
    void endpointWhenUserDefinesOneShouldBackOff() {
        StreamsEndpoint own = new StreamsEndpoint(new StreamSourceRegistry());
        this.exposed.withBean("myStreamsEndpoint", StreamsEndpoint.class, () -> own)
            .run((context) -> assertThat(context.getBean(StreamsEndpoint.class)).isSameAs(own));
    }

    @Test
    void contextWithoutPoolworksRedisShouldStartWithoutTheEndpoint() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(PoolworksAutoConfiguration.class, StreamsEndpointAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.poolworks.redis"))
            .withPropertyValues("management.endpoints.web.exposure.include=streams")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("streamsEndpoint"));
    }

    @Test
    void streamsShouldShowTheSettingsTheBacklogAndTheCountsOfEachBinding() {
        this.exposed.run((context) -> {
            OrderHandler.add(redis, this.stream, "fail", "always");
            for (int i = 0; i < 4; i++) {
                OrderHandler.add(redis, this.stream, "order", Integer.toString(i));
            }
            StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
            await().atMost(TIMEOUT)
                .until(() -> source.stats().deadLettered() == 1 && source.stats().acknowledged() == 5);
            StreamsEndpoint endpoint = context.getBean(StreamsEndpoint.class);

            assertThat(endpoint.streams().bindings()).containsOnlyKeys("orders");
            StreamBindingDescriptor orders = endpoint.stream("orders");
            assertThat(orders).isEqualTo(endpoint.streams().bindings().get("orders"));
            assertThat(orders.binding()).isEqualTo("orders");
            assertThat(orders.pool()).isEqualTo("ingest");
            assertThat(orders.stream()).isEqualTo(this.stream);
            assertThat(orders.group()).isEqualTo("order-workers");
            assertThat(orders.consumer()).isEqualTo("shop-1");
            assertThat(orders.deadLetter()).isEqualTo(this.stream + ":dead");
            assertThat(orders.claimIdle()).isEqualTo(Duration.ofSeconds(1));
            assertThat(orders.maxDeliveries()).isEqualTo(2);
            assertThat(orders.reachable()).isTrue();
            assertThat(orders.unreachableSince()).isNull();
            assertThat(orders.pending()).isZero();
            assertThat(orders.lag()).isEqualTo(OrderHandler.reportsLag(redis) ? 0L : null);
            assertThat(orders.lastDeliveredId()).isNotBlank();
            assertThat(orders.inFlight()).isZero();
            // The failing entry twice (the second time claimed), the others once.
            assertThat(orders.delivered()).isEqualTo(6);
            assertThat(orders.acknowledged()).isEqualTo(5);
            // More only if a machine stalled an acknowledgement for longer than
            // claim-idle.
            assertThat(orders.claimed()).isPositive();
            assertThat(orders.retried()).isOne();
            assertThat(orders.deadLettered()).isOne();
            assertThat(orders.handlerFailures()).isEqualTo(2);
            assertThat(orders.readErrors()).isZero();
            assertThat(orders.ackErrors()).isZero();
            assertThat(orders.outages()).isZero();
            assertThat(redis.command("XLEN", this.stream + ":dead")).isEqualTo("1");
        });
    }

    @Test
    void streamWhenThereIsNoSuchBindingShouldBeNull() {
        this.exposed.run((context) -> assertThat(context.getBean(StreamsEndpoint.class).stream("invoices")).isNull());
    }

}
