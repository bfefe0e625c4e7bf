package io.poolworks.redis;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.poolworks.InvalidSettingException;
import io.poolworks.RateLimit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the validation of {@link ClusterRateLimit.Builder}: every refused value names
 * its setting. None of these needs a server: the client never connects.
 */
class ClusterRateLimitBuilderTests {

    private static final RedisClient client = RedisClient.create("redis://127.0.0.1:1");

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @Test
    void builderWhenKeyIsEmptyShouldNameTheKey() {
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> ClusterRateLimit.builder(client, ""))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("key"))
            .withMessage("key must not be empty or blank but was ''");
    }

    @Test
    void builderWhenKeyIsBlankShouldNameTheKey() {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> ClusterRateLimit.builder(client, "  "))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("key"));
    }

    @Test
    void builderWhenKeyOrClientIsNullShouldSaySo() {
        assertThatNullPointerException().isThrownBy(() -> ClusterRateLimit.builder(client, null))
            .withMessage("key must not be null");
        assertThatNullPointerException().isThrownBy(() -> ClusterRateLimit.builder((RedisClient) null, "k"))
            .withMessage("client must not be null");
    }

    @Test
    void rateLimitWhenPeriodIsShorterThanAMillisecondShouldNameThePeriod() {
        ClusterRateLimit.Builder builder = ClusterRateLimit.builder(client, "k");
        RateLimit tooFine = RateLimit.of(1, Duration.ofNanos(999_999));
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> builder.rateLimit(tooFine))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("rateLimit.period"))
            .withMessageContaining("must be at least 1ms");
    }

    @Test
    void rateLimitWhenPermitsExceedOnePerNanosecondShouldNameThePermits() {
        // RateLimit itself refuses what the token bucket cannot hold.
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> RateLimit.of(2_000_000, Duration.ofMillis(1)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("rateLimit.permits"));
    }

    @Test
    void requestTimeoutWhenNotPositiveOrTooLongShouldNameIt() {
        ClusterRateLimit.Builder builder = ClusterRateLimit.builder(client, "k");
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> builder.requestTimeout(Duration.ZERO))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("requestTimeout"))
            .withMessage("requestTimeout must be positive but was PT0S");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> builder.requestTimeout(Duration.ofMillis(-1)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("requestTimeout"));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> builder.requestTimeout(Duration.ofDays(365 * 300)))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("requestTimeout"))
            .withMessageContaining("must be at most PT1M");
    }

    @Test
    void buildWhenNoRateLimitWasSetShouldNameTheRateLimit() {
        ClusterRateLimit.Builder builder = ClusterRateLimit.builder(client, "mail-provider");
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(builder::build)
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("rateLimit"))
            .withMessageContaining("mail-provider");
    }

    @Test
    void onStoreFailureWhenNullShouldSaySo() {
        assertThatNullPointerException().isThrownBy(() -> ClusterRateLimit.builder(client, "k").onStoreFailure(null))
            .withMessage("onStoreFailure must not be null");
    }

}
