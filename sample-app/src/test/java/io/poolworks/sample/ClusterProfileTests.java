package io.poolworks.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.sample.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's {@code cluster} profile on a real Redis: the {@code mail} pool's rate
 * limit is the one application.yml sets, shared in Redis at the profile's key; orders
 * placed on the stream {@code orders} are shipped by the {@code orders} pool, and the
 * {@code streams} endpoint and health contributor show the binding over HTTP.
 */
class ClusterProfileTests {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void clusterProfileShouldShareTheMailLimitInRedis() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
            .run("--spring.profiles.active=cluster", "--server.port=0", "--spring.data.redis.port=" + redis.port())) {
            WorkerPool mail = context.getBean("mail", WorkerPool.class);
            assertThat(mail.settings().startPermits()).isInstanceOfSatisfying(ClusterRateLimit.class, (limit) -> {
                assertThat(limit.key()).isEqualTo("poolworks-sample:mail-provider");
                assertThat(limit.onStoreFailure()).isEqualTo(StoreFailurePolicy.PAUSE);
                assertThat(limit.rateLimit()).isEqualTo(RateLimit.of(5, Duration.ofSeconds(1)).withBurst(5));
                assertThat(limit.storeReachable()).isTrue();
            });
            assertThat(redis.command("EXISTS", "poolworks-sample:mail-provider")).isEqualTo("1");
        }
    }

    @Test
    void clusterProfileShouldShipEveryOrderOfTheStreamThroughTheOrdersPool() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
                "--spring.profiles.active=cluster", "--server.port=0", "--spring.data.redis.port=" + redis.port(),
                "--sample.orders.work-time=10ms")) {
            Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
            StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
            assertThat(source.stream()).isEqualTo("orders");
            assertThat(source.group()).isEqualTo("order-shipping");
            assertThat(source.consumer()).startsWith("poolworks-sample-");
            assertThat(source.claimIdle()).isEqualTo(Duration.ofSeconds(5));
            long before = source.stats().acknowledged();

            HttpResponse<String> placed = http.post("/orders", "{\"count\":20}");
            assertThat(placed.statusCode()).isEqualTo(202);
            assertThat(placed.body()).contains("\"placed\":20");
            await().atMost(Duration.ofSeconds(60)).until(() -> source.stats().acknowledged() == before + 20);

            assertThat(http.get("/orders").body()).contains("\"placed\":20,\"shipped\":20,\"skipped\":0,");
            HttpResponse<String> streams = http.get("/actuator/streams/orders");
            assertThat(streams.statusCode()).isEqualTo(200);
            assertThat(streams.body()).contains("\"binding\":\"orders\"", "\"pool\":\"orders\"",
                    "\"group\":\"order-shipping\"", "\"consumer\":\"" + source.consumer() + "\"",
                    "\"claimIdle\":\"PT5S\"", "\"reachable\":true", "\"pending\":0",
                    "\"acknowledged\":" + (before + 20));
            assertThat(http.get("/actuator/streams/invoices").statusCode()).isEqualTo(404);
            HttpResponse<String> health = http.get("/actuator/health/streams");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"group\":\"order-shipping\"");
        }
    }

    @Test
    void defaultProfileShouldKeepTheMailLimitInTheInstanceAndReadNoStream() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
            .run("--server.port=0")) {
            assertThat(context.containsBean("ordersStreamSource")).isFalse();
            WorkerPool mail = context.getBean("mail", WorkerPool.class);
            assertThat(mail.settings().startPermits()).isNotInstanceOf(ClusterRateLimit.class);
            assertThat(mail.settings().rateLimit()).isEqualTo(RateLimit.of(5, Duration.ofSeconds(1)).withBurst(5));
        }
    }

}
