package io.poolworks.redis.functional;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable work across instances: consumer A, a child JVM ({@link StreamConsumerInstance},
 * 4 workers, queue 20, 5 ms handler), is killed (SIGKILL) or stopped (SIGTERM) part-way
 * through 2,000 entries, and consumer B, in this JVM with a short claim-idle time,
 * finishes the stream. A is stopped once its ledger shows progress, never after a fixed
 * time, and the checks hold however far A got.
 */
class StreamCrashTests {

    private static final int ENTRIES = 2_000;

    /** A is stopped once it has handled this many entries (about half a second). */
    private static final int PROGRESS = 400;

    private static final String GROUP = "workers";

    private static RedisServer redis;

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> connection;

    @TempDir
    Path tempDir;

    private Process instance;

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
    void destroyInstance() {
        if (this.instance != null) {
            this.instance.destroyForcibly();
        }
    }

    @Test
    void consumerKilledMidStreamShouldLoseNoEntryAndRepeatAtMostWhatItsPoolHeld() throws Exception {
        String stream = "orders:" + UUID.randomUUID();
        List<String> ids = StreamTesting.add(connection, stream, "order", ENTRIES);
        Path ledgerA = this.tempDir.resolve("a.ledger");
        Process a = startInstance(stream, "a", ledgerA, this.tempDir.resolve("a.cancelled"), 20_000);
        awaitProgress(a, ledgerA);

        a.destroyForcibly();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long heldByA = connection.sync().xpending(stream, GROUP).getConsumerMessageCount().getOrDefault("a", 0L);
        List<String> handledByA = StreamTesting.Ledger.read(ledgerA);

        Queue<String> handledByB = finishWithB(stream);

        Set<String> all = new HashSet<>(handledByA);
        all.addAll(handledByB);
        assertThat(all).as("every entry handled at least once").containsAll(ids);
        Map<String, Integer> countsA = StreamTesting.counts(handledByA);
        assertThat(countsA.values()).as("A handles an entry once").allMatch((count) -> count == 1);
        Map<String, Integer> countsB = StreamTesting.counts(handledByB);
        assertThat(countsB.values()).as("B handles an entry once").allMatch((count) -> count == 1);
        long twice = countsB.keySet().stream().filter(countsA::containsKey).count();
        System.out.printf("crash: A handled %d, held %d unacknowledged when killed; B handled %d; %d twice%n",
                handledByA.size(), heldByA, handledByB.size(), twice);
        assertThat(heldByA).as("entries A held unacknowledged: at most its workers + queue")
            .isLessThanOrEqualTo(StreamConsumerInstance.WORKERS + StreamConsumerInstance.QUEUE);
        assertThat(twice).as("entries handled twice: at most A's workers + queue")
            .isLessThanOrEqualTo(StreamConsumerInstance.WORKERS + StreamConsumerInstance.QUEUE);
        assertThat(StreamTesting.pending(connection, stream, GROUP)).isZero();
    }

    @Test
    void consumerStoppedBySigtermShouldLeaveWhatItDidNotStartToAnotherConsumerExactlyOnce() throws Exception {
        String stream = "orders:" + UUID.randomUUID();
        List<String> ids = StreamTesting.add(connection, stream, "order", ENTRIES);
        Path ledgerA = this.tempDir.resolve("a.ledger");
        Path cancelledA = this.tempDir.resolve("a.cancelled");
        Path outputA = this.tempDir.resolve("a.out");
        Process a = startInstance(stream, "a", ledgerA, cancelledA, 0);
        awaitProgress(a, ledgerA);

        a.destroy();
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(outputA);
        assertThat(a.exitValue()).as(output).isEqualTo(143);
        assertThat(output).as("A drained the pool after the source stopped").contains("drained unstarted=");
        assertThat(output).as("A logs nothing as lost").doesNotContain("WARN").doesNotContain("ERROR");
        List<String> handledByA = StreamTesting.Ledger.read(ledgerA);
        Set<String> cancelledByA = new HashSet<>(StreamTesting.Ledger.read(cancelledA));

        Queue<String> handledByB = finishWithB(stream);

        Map<String, Integer> countsA = StreamTesting.counts(handledByA);
        Map<String, Integer> countsB = StreamTesting.counts(handledByB);
        assertThat(countsA.values()).as("A handles an entry once").allMatch((count) -> count == 1);
        assertThat(countsB.values()).as("B handles an entry once").allMatch((count) -> count == 1);
        List<String> notStartedByA = ids.stream().filter((id) -> !countsA.containsKey(id)).toList();
        assertThat(countsB).as("B handles every entry A did not start")
            .containsKeys(notStartedByA.toArray(String[]::new));
        Set<String> twice = new HashSet<>(countsB.keySet());
        twice.retainAll(countsA.keySet());
        System.out.printf("SIGTERM: A handled %d (%d cancelled while running); B handled %d; %d twice%n%s",
                handledByA.size(), cancelledByA.size(), handledByB.size(), twice.size(), output);
        assertThat(twice).as("only entries A cancelled while running are handled twice").isSubsetOf(cancelledByA);
        assertThat(StreamTesting.pending(connection, stream, GROUP)).isZero();
    }

    private Process startInstance(String stream, String consumer, Path ledger, Path cancelled, long drainMillis)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = this.tempDir.resolve(consumer + ".out");
        this.instance = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), StreamConsumerInstance.class.getName(), redis.uri(), stream,
                GROUP, consumer, ledger.toString(), cancelled.toString(), Long.toString(drainMillis))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        return this.instance;
    }

    private void awaitProgress(Process process, Path ledger) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The instance exited early with " + process.exitValue());
            }
            return StreamTesting.Ledger.read(ledger).size() >= PROGRESS;
        });
    }

    /**
     * Run consumer B in this JVM until no entry is pending and none is left to read, and
     * return what it handled.
     */
    private Queue<String> finishWithB(String stream) throws InterruptedException {
        Queue<String> handled = new ConcurrentLinkedQueue<>();
        WorkerPool pool = WorkerPool.builder("b").minWorkers(4).maxWorkers(4).queueCapacity(20).build();
        StreamSource b = StreamSource.builder(client, stream).group(GROUP).consumer("b").pool(pool).handler((entry) -> {
            handled.add(entry.id());
            Thread.sleep(5);
        }).claimIdle(Duration.ofMillis(300)).build();
        Conductor conductor = Conductor.builder("b").worker("orders", b).build();
        conductor.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var backlog = b.backlog();
                return backlog.pending() == 0 && backlog.lastDeliveredId().equals(lastId(stream));
            });
        }
        finally {
            conductor.stop();
            pool.shutdownGracefully();
            b.close();
        }
        return handled;
    }

    private static String lastId(String stream) {
        return connection.sync()
            .xrevrange(stream, io.lettuce.core.Range.unbounded(), io.lettuce.core.Limit.from(1))
            .get(0)
            .getId();
    }

}
