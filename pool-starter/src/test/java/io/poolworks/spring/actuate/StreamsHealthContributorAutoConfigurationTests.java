package io.poolworks.spring.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.resource.Delay;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import io.poolworks.spring.testing.OrderHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StreamsHealthContributorAutoConfiguration}: when the {@code streams}
 * health contributor exists, and that it turns {@code DOWN} once a binding's Redis has
 * been unreachable for longer than {@code claim-idle}, and {@code UP} again when Redis is
 * back. Each test has a Redis of its own, which one of them stops.
 */
class StreamsHealthContributorAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RedisServer redis;

    private ApplicationContextRunner runner;

    @BeforeEach
    void startRedis() throws IOException {
        this.redis = RedisServer.start();
        this.runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class, StreamsHealthContributorAutoConfiguration.class))
            .withUserConfiguration(OrderHandler.class)
            // Reconnect soon after Redis is back (Lettuce's default backs off up to 30
            // s).
            .withBean(ClientResourcesBuilderCustomizer.class,
                    () -> (resources) -> resources.reconnectDelay(Delay.constant(Duration.ofMillis(100))))
            .withPropertyValues("spring.data.redis.port=" + this.redis.port(), "poolworks.pools.ingest.max-workers=2",
                    "poolworks.streams.orders.stream=orders:" + UUID.randomUUID(),
                    "poolworks.streams.orders.group=order-workers", "poolworks.streams.orders.pool=ingest",
                    "poolworks.streams.orders.claim-idle=500ms", "poolworks.streams.orders.poll-timeout=100ms",
                    "poolworks.streams.orders.request-timeout=200ms");
    }

    @AfterEach
    void stopRedis() {
        this.redis.close();
    }

    @Test
    void indicatorWhenDisabledShouldNotExist() {
        this.runner.withPropertyValues("management.health.streams.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(StreamsHealthIndicator.class));
    }

    @Test
    void indicatorWhenUserDefinesOneByNameShouldBackOff() {
        HealthIndicator own = () -> Health.up().build();
        this.runner.withBean("streamsHealthIndicator", HealthIndicator.class, () -> own)
            .run((context) -> assertThat(context.getBean("streamsHealthIndicator")).isSameAs(own));
    }

    @Test
    void contextWithoutPoolworksRedisShouldStartWithoutTheIndicator() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                    StreamsHealthContributorAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.poolworks.redis"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("streamsHealthIndicator"));
    }

    @Test
    void healthWhenRedisAnswersShouldBeUpWithEachBinding() {
        this.runner.run((context) -> {
            Health health = context.getBean(StreamsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(binding(health)).containsEntry("group", "order-workers")
                .containsEntry("pool", "ingest")
                .containsEntry("reachable", true)
                .containsKeys("stream", "consumer")
                .doesNotContainKey("unreachableFor");
        });
    }

    @Test
    void healthWhenRedisIsUnreachableLongerThanClaimIdleShouldBeDownUntilItIsBack() throws IOException {
        this.runner.run((context) -> {
            StreamsHealthIndicator indicator = context.getBean(StreamsHealthIndicator.class);
            this.redis.stop();
            await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.DOWN));
            Health down = indicator.health();
            assertThat(binding(down)).containsEntry("reachable", false)
                .containsEntry("claimIdle", Duration.ofMillis(500));
            assertThat((Duration) binding(down).get("unreachableFor")).isGreaterThan(Duration.ofMillis(500));

            this.redis.restart();
            await().atMost(TIMEOUT).until(() -> indicator.health().getStatus().equals(Status.UP));
            assertThat(binding(indicator.health())).containsEntry("reachable", true);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> binding(Health health) {
        return (Map<String, Object>) health.getDetails().get("orders");
    }

}
