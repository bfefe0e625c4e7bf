package io.poolworks.redis.functional;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.redis.StreamBacklog;
import io.poolworks.redis.StreamEntry;
import io.poolworks.redis.StreamHandler;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream source in this JVM against a real Redis: what it reads first, how it bounds
 * what it holds, where failing entries go, what a graceful stop leaves to another
 * consumer, and the backlog it reports. Each test has its own stream.
 */
class StreamDeliveryTests {

    private static final String GROUP = "workers";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static RedisServer redis;

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> connection;

    private final String stream = "orders:" + UUID.randomUUID();

    private final List<Runnable> cleanUps = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @AfterEach
    void cleanUp() {
        for (int i = this.cleanUps.size() - 1; i >= 0; i--) {
            this.cleanUps.get(i).run();
        }
    }

    @Test
    void sourceWhenStartedShouldReReadItsOwnPendingEntriesBeforeNewOnes() {
        createGroup();
        List<String> old = StreamTesting.add(connection, this.stream, "old", 3);
        // An earlier run of consumer c1 read them and stopped before acknowledging.
        readAs("c1", 3);
        List<String> fresh = StreamTesting.add(connection, this.stream, "new", 2);
        Queue<StreamEntry> handled = new ConcurrentLinkedQueue<>();
        // One worker: entries run in the order the source hands them over.
        WorkerPool pool = pool(1, 10);
        StreamSource source = source(pool, handled::add).consumer("c1").claimIdle(Duration.ofMinutes(1)).build();
        run(source, pool);

        await().atMost(TIMEOUT).until(() -> handled.size() == 5);
        assertThat(handled).extracting(StreamEntry::id)
            .containsExactly(old.get(0), old.get(1), old.get(2), fresh.get(0), fresh.get(1));
        assertThat(handled).extracting(StreamEntry::deliveries).containsExactly(2L, 2L, 2L, 1L, 1L);
        assertThat(handled).extracting((entry) -> entry.fields().get("n"))
            .containsExactly("old-0", "old-1", "old-2", "new-0", "new-1");
        await().atMost(TIMEOUT).until(() -> StreamTesting.pending(connection, this.stream, GROUP) == 0);
        assertThat(source.stats().retried()).isEqualTo(3);
    }

    @Test
    void entryWhoseHandlerAlwaysThrowsShouldGoToTheDeadLetterStreamAfterMaxDeliveries() {
        List<String> ids = StreamTesting.add(connection, this.stream, "order", 3);
        String poison = ids.get(1);
        Map<String, AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();
        WorkerPool pool = pool(2, 10);
        StreamSource source = source(pool, (entry) -> {
            attempts.computeIfAbsent(entry.id(), (id) -> new AtomicInteger()).incrementAndGet();
            if (entry.id().equals(poison)) {
                throw new IllegalStateException("cannot ship " + entry.fields().get("n"));
            }
        }).maxDeliveries(3).claimIdle(Duration.ofMillis(250)).build();
        run(source, pool);

        await().atMost(TIMEOUT)
            .until(() -> connection.sync().xlen(source.deadLetter()) == 1
                    && StreamTesting.pending(connection, this.stream, GROUP) == 0);
        assertThat(source.deadLetter()).isEqualTo(this.stream + ":dead");
        StreamMessage<String, String> dead = connection.sync()
            .xrange(source.deadLetter(), io.lettuce.core.Range.unbounded())
            .get(0);
        assertThat(dead.getBody()).containsEntry("n", "order-1")
            .containsEntry(StreamSource.DEAD_LETTER_ID, poison)
            .containsEntry(StreamSource.DEAD_LETTER_STREAM, this.stream)
            .containsEntry(StreamSource.DEAD_LETTER_GROUP, GROUP)
            .containsEntry(StreamSource.DEAD_LETTER_CONSUMER, "c1")
            .containsEntry(StreamSource.DEAD_LETTER_DELIVERIES, "3")
            .containsEntry(StreamSource.DEAD_LETTER_ERROR, IllegalStateException.class.getName())
            .containsEntry(StreamSource.DEAD_LETTER_MESSAGE, "cannot ship order-1");
        assertThat(attempts.get(ids.get(0))).hasValue(1);
        assertThat(attempts.get(ids.get(2))).hasValue(1);
        // Three deliveries; a claim that found it still in the pool may have skipped one.
        assertThat(attempts.get(poison).get()).isBetween(2, 3);
        StreamSourceStats stats = source.stats();
        assertThat(stats.deadLettered()).isEqualTo(1);
        assertThat(stats.handlerFailures()).isEqualTo(attempts.get(poison).get());
        assertThat(stats.acknowledged()).isEqualTo(3);
    }

    @Test
    void entryDeliveredTooOftenWithoutAcknowledgementShouldGoToTheDeadLetterStreamUnhandled() {
        createGroup();
        String id = StreamTesting.add(connection, this.stream, "order", 1).get(0);
        readAs("ghost", 1);
        // Its consumers crashed four times while handling it, long ago.
        redis.command("XCLAIM", this.stream, GROUP, "ghost", "0", id, "IDLE", "600000", "RETRYCOUNT", "4");
        AtomicInteger calls = new AtomicInteger();
        WorkerPool pool = pool(2, 10);
        StreamSource source = source(pool, (entry) -> calls.incrementAndGet()).maxDeliveries(3).build();
        run(source, pool);

        await().atMost(TIMEOUT)
            .until(() -> connection.sync().xlen(source.deadLetter()) == 1
                    && StreamTesting.pending(connection, this.stream, GROUP) == 0);
        Map<String, String> dead = connection.sync()
            .xrange(source.deadLetter(), io.lettuce.core.Range.unbounded())
            .get(0)
            .getBody();
        assertThat(dead).containsEntry(StreamSource.DEAD_LETTER_ID, id)
            .containsEntry(StreamSource.DEAD_LETTER_DELIVERIES, "5")
            .containsEntry(StreamSource.DEAD_LETTER_ERROR, "");
        assertThat(dead.get(StreamSource.DEAD_LETTER_MESSAGE)).contains("without an acknowledgement");
        assertThat(calls).hasValue(0);
        assertThat(source.stats().claimed()).isEqualTo(1);
    }

    @Test
    void slowHandlerShouldNeverMakeTheSourceHoldMoreThanThePoolsWorkersAndQueue() {
        int workers = 2;
        int queue = 3;
        List<String> ids = StreamTesting.add(connection, this.stream, "order", 60);
        StatefulRedisConnection<String, String> probe = client.connect();
        this.cleanUps.add(probe::close);
        AtomicLong mostPending = new AtomicLong();
        AtomicLong mostHeld = new AtomicLong();
        Queue<String> handled = new ConcurrentLinkedQueue<>();
        WorkerPool pool = pool(workers, queue);
        StreamSource[] source = new StreamSource[1];
        source[0] = source(pool, (entry) -> {
            // Entries read by this JVM and not acknowledged, as Redis and the source see
            // them.
            mostPending.accumulateAndGet(probe.sync().xpending(this.stream, GROUP).getCount(), Math::max);
            mostHeld.accumulateAndGet(source[0].stats().inFlight(), Math::max);
            Thread.sleep(10);
            handled.add(entry.id());
        }).batchSize(100).build();
        run(source[0], pool);

        await().atMost(TIMEOUT).until(() -> handled.size() == ids.size());
        System.out.printf("backpressure: at most %d pending in Redis, %d held by the source (workers + queue = %d)%n",
                mostPending.get(), mostHeld.get(), workers + queue);
        assertThat(mostPending.get()).as("entries read and not acknowledged").isLessThanOrEqualTo(workers + queue);
        assertThat(mostHeld.get()).as("entries the source holds").isLessThanOrEqualTo(workers + queue);
        assertThat(handled).containsExactlyInAnyOrderElementsOf(ids);
        await().atMost(TIMEOUT).until(() -> StreamTesting.pending(connection, this.stream, GROUP) == 0);
    }

    @Test
    void gracefulStopShouldLeaveEntriesThePoolDidNotStartToAnotherConsumerExactlyOnce() throws Exception {
        List<String> ids = StreamTesting.add(connection, this.stream, "order", 20);
        CountDownLatch release = new CountDownLatch(1);
        Queue<String> handledByA = new ConcurrentLinkedQueue<>();
        Queue<String> interruptedInA = new ConcurrentLinkedQueue<>();
        WorkerPool poolA = WorkerPool.builder("a").minWorkers(1).maxWorkers(1).queueCapacity(5).build();
        StreamSource a = source(poolA, (entry) -> {
            handledByA.add(entry.id());
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                interruptedInA.add(entry.id());
                throw ex;
            }
        }).consumer("a").claimIdle(Duration.ofMinutes(1)).build();
        Conductor conductorA = Conductor.builder("a").worker("orders", a).build();
        conductorA.start();
        // One entry runs (blocked), five wait in the queue: all the pool takes.
        await().atMost(TIMEOUT).until(() -> poolA.stats().queued() == 5 && handledByA.size() == 1);
        assertThat(a.stats().inFlight()).isEqualTo(6);

        conductorA.stop();
        ShutdownReport report = poolA.shutdownGracefully(Duration.ZERO);
        a.close();
        assertThat(report.unstarted()).hasSize(5)
            .allMatch((task) -> StreamSource.entryOf(task).isPresent())
            .extracting((task) -> StreamSource.entryOf(task).get().id())
            .containsExactlyElementsOf(ids.subList(1, 6));
        assertThat(report.interrupted()).isEqualTo(1);
        assertThat(interruptedInA).containsExactly(ids.get(0));
        assertThat(StreamTesting.pending(connection, this.stream, GROUP)).as("left pending, not lost").isEqualTo(6);

        Queue<String> handledByB = new ConcurrentLinkedQueue<>();
        WorkerPool poolB = pool(2, 10);
        StreamSource b = source(poolB, (entry) -> handledByB.add(entry.id())).consumer("b")
            .claimIdle(Duration.ofMillis(200))
            .build();
        run(b, poolB);
        await().atMost(TIMEOUT)
            .until(() -> handledByB.size() == ids.size() && StreamTesting.pending(connection, this.stream, GROUP) == 0);
        assertThat(handledByB).as("each entry once, the interrupted one again")
            .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(b.stats().claimed()).isEqualTo(6);
        assertThat(handledByA).containsExactly(ids.get(0));
    }

    @Test
    void backlogShouldCountPendingEntriesAndTellTheLagWhereRedisKnowsIt() {
        createGroup();
        StreamTesting.add(connection, this.stream, "order", 10);
        List<StreamMessage<String, String>> read = readAs("other", 4);
        WorkerPool pool = pool(1, 1);
        StreamSource source = source(pool, (entry) -> {
        }).build();

        StreamBacklog backlog = source.backlog();
        assertThat(backlog.stream()).isEqualTo(this.stream);
        assertThat(backlog.group()).isEqualTo(GROUP);
        assertThat(backlog.pending()).isEqualTo(4);
        assertThat(backlog.lastDeliveredId()).isEqualTo(read.get(3).getId());
        String version = redis.command("INFO", "server")
            .lines()
            .filter((line) -> line.startsWith("redis_version:"))
            .findFirst()
            .orElseThrow()
            .substring("redis_version:".length());
        if (Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 7) {
            assertThat(backlog.lag()).isEqualTo(6);
        }
        else {
            assertThat(backlog.lag()).as("Redis " + version + " does not report the lag").isNull();
        }
    }

    private void createGroup() {
        connection.sync().xgroupCreate(StreamOffset.from(this.stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
    }

    private List<StreamMessage<String, String>> readAs(String consumer, int count) {
        return connection.sync()
            .xreadgroup(Consumer.from(GROUP, consumer), XReadArgs.Builder.count(count),
                    StreamOffset.lastConsumed(this.stream));
    }

    private WorkerPool pool(int workers, int queue) {
        WorkerPool pool = WorkerPool.builder("ingest")
            .minWorkers(workers)
            .maxWorkers(workers)
            .queueCapacity(queue)
            .build();
        this.cleanUps.add(pool::shutdownNow);
        return pool;
    }

    private StreamSource.Builder source(WorkerPool pool, StreamHandler handler) {
        return StreamSource.builder(client, this.stream).group(GROUP).consumer("c1").pool(pool).handler(handler);
    }

    /** Run the source in a conductor until the test ends. */
    private void run(StreamSource source, WorkerPool pool) {
        Conductor conductor = Conductor.builder("test").worker("orders", source).build();
        conductor.start();
        this.cleanUps.add(source::close);
        this.cleanUps.add(conductor::stop);
    }

}
