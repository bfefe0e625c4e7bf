package io.poolworks.spring.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolworks.WorkerPool;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a web service (two application contexts with their own web server and
 * Actuator) whose {@code mail} pools share one rate limit in a real Redis: a write on one
 * instance's {@code pools} endpoint, or a refresh of its environment, changes the rate
 * the other instance starts tasks at; the endpoint shows the limit's scope, key, policy
 * and whether Redis answers; the health contributor reports an unreachable Redis as a
 * detail, and a write of the limit then answers 409 and changes nothing; the meters count
 * what the limit did.
 */
class ClusterRateLimitWebTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final HttpClient http = HttpClient.newHttpClient();

    private static RedisServer redis;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeContexts() {
        this.contexts.forEach(ConfigurableApplicationContext::close);
    }

    /**
     * An instance whose mail pool starts one task per 10 s: a backlog of 10 would take 90
     * s at that rate.
     */
    private ConfigurableApplicationContext instance(RedisServer server, String key, String... properties) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--management.endpoints.web.exposure.include=pools,health",
                "--management.endpoint.pools.access=unrestricted", "--management.endpoint.health.show-details=always",
                "--spring.data.redis.port=" + server.port(), "--poolworks.pools.mail.max-workers=2",
                "--poolworks.pools.mail.queue-capacity=20", "--poolworks.pools.mail.drain-timeout=1s",
                "--poolworks.pools.mail.rate-limit.permits=1", "--poolworks.pools.mail.rate-limit.period=10s",
                "--poolworks.pools.mail.rate-limit.burst=1", "--poolworks.pools.mail.rate-limit.scope=cluster",
                "--poolworks.pools.mail.rate-limit.key=" + key));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Service.class)
            .web(WebApplicationType.SERVLET)
            .run(arguments.toArray(String[]::new));
        this.contexts.add(context);
        return context;
    }

    @Test
    void writeOnOneInstanceShouldChangeTheRateTheOtherInstanceStartsAt() throws Exception {
        String key = "test:" + UUID.randomUUID();
        ConfigurableApplicationContext a = instance(redis, key);
        ConfigurableApplicationContext b = instance(redis, key);
        WorkerPool mailB = mail(b);
        submitBacklog(mailB, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailB.stats().completed() >= 1);
        HttpResponse<String> write = post(a, "/actuator/pools/mail", "{\"permits\":100,\"burst\":10}");
        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        assertThat(rateLimit(json(write))).containsEntry("permits", 100).containsEntry("scope", "cluster");
        // At the old rate the backlog would take 90 s.
        await().atMost(Duration.ofSeconds(15)).until(() -> mailB.stats().completed() == 10);
        Map<String, Object> seenByB = rateLimit(json(get(b, "/actuator/pools/mail")));
        assertThat(seenByB).containsEntry("permits", 100)
            .containsEntry("burst", 10)
            .containsEntry("scope", "cluster")
            .containsEntry("key", key)
            .containsEntry("onStoreFailure", "pause")
            .containsEntry("storeReachable", true);
        MeterRegistry meters = b.getBean(MeterRegistry.class);
        assertThat(meters.get("poolworks.rate.limit.permits").tag("name", "mail").functionCounter().count())
            .isEqualTo(10);
        assertThat(meters.get("poolworks.rate.limit.store.errors").tag("name", "mail").functionCounter().count())
            .isZero();
        assertThat(meters.get("poolworks.rate.limit.store.reachable").tag("name", "mail").gauge().value()).isOne();
        FunctionTimer roundTrips = meters.get("poolworks.rate.limit.store.round.trips")
            .tag("name", "mail")
            .functionTimer();
        assertThat(roundTrips.count()).isGreaterThanOrEqualTo(11);
        assertThat(meters.get("poolworks.rate.limit.store.round.trips.seconds.max").tag("name", "mail").gauge().value())
            .isPositive();
    }

    @Test
    void refreshOfOneInstanceShouldChangeTheRateTheOtherInstanceStartsAt() {
        String key = "test:" + UUID.randomUUID();
        ConfigurableApplicationContext a = instance(redis, key);
        ConfigurableApplicationContext b = instance(redis, key);
        WorkerPool mailB = mail(b);
        submitBacklog(mailB, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailB.stats().completed() >= 1);
        Map<String, Object> live = new HashMap<>();
        live.put("poolworks.pools.mail.rate-limit.permits", "100");
        live.put("poolworks.pools.mail.rate-limit.burst", "10");
        a.getEnvironment().getPropertySources().addFirst(new MapPropertySource("live", live));
        a.publishEvent(new EnvironmentChangeEvent(a, live.keySet()));
        assertThat(mail(a).settings().rateLimit().permits()).isEqualTo(100);
        await().atMost(Duration.ofSeconds(15)).until(() -> mailB.stats().completed() == 10);
        assertThat(mailB.settings().rateLimit().permits()).isEqualTo(100);
    }

    @Test
    void writeThatRemovesTheSharedLimitOrAsksForAPeriodRedisCannotHoldShouldAnswer400() throws Exception {
        ConfigurableApplicationContext a = instance(redis, "test:" + UUID.randomUUID());
        HttpResponse<String> remove = post(a, "/actuator/pools/mail", "{\"removeRateLimit\":true}");
        assertThat(remove.statusCode()).isEqualTo(400);
        assertThat(remove.body()).contains("\"field\":\"removeRateLimit\"")
            .contains("cannot remove a rate limit shared in Redis");
        HttpResponse<String> period = post(a, "/actuator/pools/mail", "{\"period\":\"500us\",\"maxWorkers\":3}");
        assertThat(period.statusCode()).isEqualTo(400);
        assertThat(period.body()).contains("\"field\":\"period\"").contains("must be at least 1ms");
        assertThat(mail(a).stats().maxWorkers()).as("nothing applied").isEqualTo(2);
        assertThat(mail(a).settings().rateLimit().period()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void redisDownShouldBeADetailOfAHealthyPoolAndAWriteOfTheLimitShouldAnswer409() throws Exception {
        try (RedisServer own = RedisServer.start()) {
            String key = "test:" + UUID.randomUUID();
            ConfigurableApplicationContext a = instance(own, key);
            Map<String, Object> store = store(a);
            assertThat(store).containsEntry("key", key).containsEntry("reachable", true);
            own.stop();
            // Under pause, the task waits in the queue until Redis answers again.
            mail(a).execute(() -> {
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(store(a).get("reachable")));
            Map<String, Object> pools = json(get(a, "/actuator/health/pools"));
            assertThat(pools).containsEntry("status", "UP");
            assertThat(rateLimit(json(get(a, "/actuator/pools/mail")))).containsEntry("storeReachable", false);
            MeterRegistry meters = a.getBean(MeterRegistry.class);
            assertThat(meters.get("poolworks.rate.limit.store.errors").tag("name", "mail").functionCounter().count())
                .isPositive();
            assertThat(meters.get("poolworks.rate.limit.store.reachable").tag("name", "mail").gauge().value()).isZero();
            assertThat(mail(a).stats().completed()).isZero();
            HttpResponse<String> write = post(a, "/actuator/pools/mail", "{\"permits\":5,\"maxWorkers\":3}");
            assertThat(write.statusCode()).isEqualTo(409);
            assertThat(write.body()).contains("could not change its limit");
            assertThat(mail(a).stats().maxWorkers()).as("nothing applied").isEqualTo(2);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> store(ConfigurableApplicationContext context) throws Exception {
        Map<String, Object> pools = json(get(context, "/actuator/health/pools"));
        Map<String, Object> mail = (Map<String, Object>) ((Map<String, Object>) pools.get("details")).get("mail");
        return (Map<String, Object>) mail.get("rateLimitStore");
    }

    private static WorkerPool mail(ConfigurableApplicationContext context) {
        return context.getBean("mail", WorkerPool.class);
    }

    private static void submitBacklog(WorkerPool pool, int tasks) {
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rateLimit(Map<String, Object> pool) {
        return (Map<String, Object>) ((Map<String, Object>) pool.get("settings")).get("rateLimit");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readValue(response.body(), Map.class);
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext context, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(uri(context, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext context, String path) {
        return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Service {

    }

}
