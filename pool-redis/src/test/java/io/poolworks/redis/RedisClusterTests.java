package io.poolworks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.RedisClusterClient;
import io.poolworks.RateLimit;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for a {@link ClusterRateLimit} on a Redis Cluster: one node that owns every slot.
 */
class RedisClusterTests {

    private static RedisServer redis;

    private static RedisClusterClient client;

    @BeforeAll
    static void startCluster() throws IOException {
        redis = RedisServer.start("--cluster-enabled", "yes");
        List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        IntStream.range(0, 16384).forEach((slot) -> addSlots.add(Integer.toString(slot)));
        redis.command(addSlots.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(20))
            .until(() -> redis.command("CLUSTER", "INFO").contains("cluster_state:ok"));
        client = RedisClusterClient.create(redis.uri());
    }

    @AfterAll
    static void stopCluster() {
        client.shutdown();
        redis.close();
    }

    @Test
    void tryAcquireOnAClusterShouldShareTheBucket() {
        String key = "test:" + UUID.randomUUID();
        RateLimit rateLimit = RateLimit.of(1, Duration.ofSeconds(10)).withBurst(2);
        try (ClusterRateLimit a = ClusterRateLimit.builder(client, key).rateLimit(rateLimit).build();
                ClusterRateLimit b = ClusterRateLimit.builder(client, key).rateLimit(rateLimit).build()) {
            assertThat(a.tryAcquire()).isZero();
            assertThat(b.tryAcquire()).isZero();
            assertThat(a.tryAcquire()).isPositive();
            b.release();
            assertThat(a.tryAcquire()).isZero();
            assertThat(a.stats().storeErrors()).isZero();
            assertThat(Long.parseLong(redis.command("PTTL", key))).isPositive();
        }
    }

}
