package io.poolworks.sample;

import java.io.IOException;
import java.time.Duration;

import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code cluster} profile on a real Redis: the {@code mail} pool's rate
 * limit is the one application.yml sets, shared in Redis at the profile's key.
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
    void defaultProfileShouldKeepTheMailLimitInTheInstance() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
            .run("--server.port=0")) {
            WorkerPool mail = context.getBean("mail", WorkerPool.class);
            assertThat(mail.settings().startPermits()).isNotInstanceOf(ClusterRateLimit.class);
            assertThat(mail.settings().rateLimit()).isEqualTo(RateLimit.of(5, Duration.ofSeconds(1)).withBurst(5));
        }
    }

}
