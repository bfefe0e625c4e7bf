package io.poolworks.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.poolworks.WorkerPool;
import io.poolworks.redis.StreamBacklog;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A binding asks Redis for its backlog at most once a second, on a clock of the test's,
 * and answers empty when Redis does not answer; with a real Redis and a source that does
 * not run.
 */
class StreamBindingTests {

    private RedisServer redis;

    private RedisClient client;

    private WorkerPool pool;

    private StreamSource source;

    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void buildSource() throws IOException {
        this.redis = RedisServer.start();
        this.client = RedisClient.create(this.redis.uri());
        this.pool = WorkerPool.builder("ingest").maxWorkers(1).build();
        this.source = StreamSource.builder(this.client, "orders")
            .group("order-workers")
            .consumer("c1")
            .pool(this.pool)
            .handler((entry) -> {
            })
            .requestTimeout(Duration.ofMillis(200))
            .build();
    }

    @AfterEach
    void close() {
        this.source.close();
        this.pool.shutdownNow();
        this.client.shutdown();
        this.redis.close();
    }

    @Test
    void backlogShouldBeAskedForAtMostOnceASecond() {
        StreamBinding binding = new StreamBinding("orders", "ingest", this.source, this.now::get);
        this.redis.command("CONFIG", "RESETSTAT");
        assertThat(binding.backlog()).map(StreamBacklog::pending).hasValue(0L);
        this.now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(binding.backlog()).isPresent();
        assertThat(this.redis.command("INFO", "commandstats")).contains("cmdstat_xinfo:calls=1,");

        this.now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(binding.backlog()).isPresent();
        assertThat(this.redis.command("INFO", "commandstats")).contains("cmdstat_xinfo:calls=2,");
    }

    @Test
    void backlogWhenRedisDoesNotAnswerShouldBeEmpty() {
        StreamBinding binding = new StreamBinding("orders", "ingest", this.source, this.now::get);
        this.redis.stop();
        assertThat(binding.backlog()).isEmpty();
    }

}
