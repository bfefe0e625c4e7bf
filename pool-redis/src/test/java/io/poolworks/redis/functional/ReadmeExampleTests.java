package io.poolworks.redis.functional;

import java.io.IOException;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code pool-redis} example, as written there (only the Redis address comes
 * from the test server).
 */
class ReadmeExampleTests {

    @Test
    void clusterRateLimitExampleShouldRun() throws IOException {
        try (RedisServer server = RedisServer.start()) {
            String uri = server.uri();
            // README begin
            RedisClient redis = RedisClient.create(uri);
            ClusterRateLimit mailLimit = ClusterRateLimit.builder(redis, "mail-provider") // the
                                                                                          // shared
                                                                                          // key
                .rateLimit(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5))
                .onStoreFailure(StoreFailurePolicy.LOCAL) // PAUSE (default) | LOCAL |
                                                          // OPEN
                .requestTimeout(Duration.ofMillis(500)) // the default
                .build();
            WorkerPool mail = WorkerPool.builder("mail").maxWorkers(4).startPermits(mailLimit).build();

            mail.execute(() -> System.out.println("sending"));

            mail.shutdownGracefully();
            mailLimit.close(); // closes the limit's own connection; the client stays
                               // yours
            redis.shutdown();
            // README end
            assertThat(mail.stats().completed()).isEqualTo(1);
            assertThat(mailLimit.stats().permitsTaken()).isEqualTo(1);
        }
    }

}
