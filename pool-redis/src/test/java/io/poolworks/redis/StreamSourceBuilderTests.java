package io.poolworks.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.poolworks.InvalidSettingException;
import io.poolworks.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The stream source's builder refuses bad values at once, naming the setting, and a
 * missing required setting in {@code build()}, before it connects; {@link StreamEntry}
 * validates and copies.
 */
class StreamSourceBuilderTests {

    /** Never connected to: every case fails before. */
    private static RedisClient client;

    private static WorkerPool pool;

    @BeforeAll
    static void create() {
        client = RedisClient.create("redis://127.0.0.1:1");
        pool = WorkerPool.builder("ingest").build();
    }

    @AfterAll
    static void close() {
        pool.shutdownNow();
        client.shutdown();
    }

    private static StreamSource.Builder builder() {
        return StreamSource.builder(client, "orders");
    }

    @Test
    void settersWhenGivenBadValuesShouldThrowNamingTheSettingAndTheValue() {
        Map<String, Consumer<StreamSource.Builder>> cases = new LinkedHashMap<>();
        cases.put("group", (builder) -> builder.group(" "));
        cases.put("consumer", (builder) -> builder.consumer(""));
        cases.put("deadLetter", (builder) -> builder.deadLetter("orders"));
        cases.put("claimIdle", (builder) -> builder.claimIdle(Duration.ofNanos(999_999)));
        cases.put("maxDeliveries", (builder) -> builder.maxDeliveries(0));
        cases.put("batchSize", (builder) -> builder.batchSize(StreamSource.Builder.MAX_BATCH_SIZE + 1));
        cases.put("pollTimeout", (builder) -> builder.pollTimeout(Duration.ZERO));
        cases.put("requestTimeout", (builder) -> builder.requestTimeout(Duration.ofMinutes(2)));
        cases.forEach((setting, bad) -> assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> bad.accept(builder()))
            .as(setting)
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting))
            .withMessageStartingWith(setting + " ")
            .withMessageContaining(" but was "));
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> StreamSource.builder(client, "  "))
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("stream"));
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> builder().batchSize(0));
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> builder().claimIdle(Duration.ofMillis(-1)));
        assertThatNullPointerException().isThrownBy(() -> builder().pool(null));
        assertThatNullPointerException().isThrownBy(() -> builder().handler(null));
        assertThatNullPointerException().isThrownBy(() -> builder().claimIdle(null));
    }

    @Test
    void settersWhenGivenTheBoundsShouldAcceptThem() {
        builder().claimIdle(Duration.ofMillis(1))
            .maxDeliveries(1)
            .batchSize(1)
            .batchSize(StreamSource.Builder.MAX_BATCH_SIZE)
            .pollTimeout(Duration.ofMillis(1))
            .pollTimeout(StreamSource.Builder.MAX_TIMEOUT)
            .requestTimeout(StreamSource.Builder.MAX_TIMEOUT)
            .deadLetter("orders:failed");
    }

    @Test
    void buildWithoutARequiredSettingShouldThrowNamingItBeforeConnecting() {
        StreamHandler handler = (entry) -> {
        };
        assertMissing(builder().consumer("c").pool(pool).handler(handler), "group");
        assertMissing(builder().group("g").pool(pool).handler(handler), "consumer");
        assertMissing(builder().group("g").consumer("c").handler(handler), "pool");
        assertMissing(builder().group("g").consumer("c").pool(pool), "handler");
    }

    @Test
    void buildWithAPoolThatDropsTasksWaitingTooLongShouldThrowNamingThePool() {
        WorkerPool dropping = WorkerPool.builder("dropping").maxQueueWait(Duration.ofSeconds(1)).build();
        try {
            assertThatExceptionOfType(InvalidSettingException.class)
                .isThrownBy(() -> builder().group("g").consumer("c").pool(dropping).handler((entry) -> {
                }).build())
                .satisfies((ex) -> assertThat(ex.setting()).isEqualTo("pool"))
                .withMessageContaining("'dropping' with maxQueueWait PT1S");
        }
        finally {
            dropping.shutdownNow();
        }
    }

    private static void assertMissing(StreamSource.Builder builder, String setting) {
        assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(builder::build)
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting))
            .withMessage(setting + " must be set for stream 'orders' but was null");
    }

    @Test
    void streamEntryShouldKeepItsFieldsInOrderUnmodifiableAndRefuseNoDelivery() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("b", "2");
        fields.put("a", "1");
        StreamEntry entry = new StreamEntry("orders", "1-0", fields, 1);
        fields.put("c", "3");
        assertThat(entry.fields()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> entry.fields().put("c", "3"));
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> new StreamEntry("orders", "1-0", Map.of(), 0))
            .withMessage("deliveries must be >= 1 but was 0");
        assertThatNullPointerException().isThrownBy(() -> new StreamEntry("orders", null, Map.of(), 1));
    }

    @Test
    void entryOfShouldTellAStreamTaskFromAnyOther() {
        StreamEntry entry = new StreamEntry("orders", "1-0", Map.of("n", "1"), 2);
        EntryTask task = new EntryTask(entry, null);
        assertThat(StreamSource.entryOf(task)).contains(entry);
        assertThat(StreamSource.entryOf(() -> {
        })).isEmpty();
        assertThat(task).hasToString("entry 1-0 of stream 'orders' (delivery 2; pending in Redis until acknowledged)");
    }

}
