package io.poolworks.redis.testing;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link RedisServer}: both binaries start, and the fault controls work.
 */
class RedisServerTests {

    @Test
    void startWithEmbeddedBinaryShouldAnswerAndStopRestartAndPause() throws Exception {
        try (RedisServer redis = RedisServer.start(RedisServer.embeddedBinary())) {
            exercise(redis);
        }
    }

    @Test
    void startWithPathBinaryWhenPresentShouldAnswerAndStopRestartAndPause() throws Exception {
        Optional<Path> binary = RedisServer.pathBinary();
        assumeTrue(binary.isPresent(), "no redis-server on the PATH");
        try (RedisServer redis = RedisServer.start(binary.get())) {
            exercise(redis);
        }
    }

    private void exercise(RedisServer redis) throws Exception {
        assertThat(redis.command("PING")).isEqualTo("PONG");
        assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
        assertThat(redis.command("GET", "k")).isEqualTo("v");
        redis.pause(Duration.ofSeconds(2));
        CompletableFuture<String> ping = CompletableFuture.supplyAsync(() -> redis.command("PING"));
        assertThatExceptionOfType(TimeoutException.class).as("PING waits while paused")
            .isThrownBy(() -> ping.get(300, TimeUnit.MILLISECONDS));
        assertThat(ping.get(10, TimeUnit.SECONDS)).isEqualTo("PONG");
        int port = redis.port();
        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> redis.command("PING"));
        redis.restart();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.command("PING")).isEqualTo("PONG");
        assertThat(redis.command("GET", "k")).as("nothing is kept across a restart").isEmpty();
    }

}
