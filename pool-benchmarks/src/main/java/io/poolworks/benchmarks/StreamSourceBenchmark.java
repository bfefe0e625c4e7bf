package io.poolworks.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.redis.StreamEntry;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.redis.testing.RedisServer;

/**
 * How fast does a {@link StreamSource} (module {@code poolworks-redis}) move entries from
 * a Redis stream through one instance, and how soon does an entry reach its handler? Not
 * a JMH benchmark: both questions are about a whole consumer against a real
 * {@code redis-server} on the loopback interface (started here, the one on the
 * {@code PATH} or else the binary of {@code embedded-redis}), timed from outside.
 * <ul>
 * <li><b>Throughput</b>: a stream is filled with {@value #ENTRIES} entries before the
 * consumer starts; the score is entries per second from the consumer's start until every
 * entry was handled (a no-op handler) and its acknowledgement confirmed by Redis.
 * {@value #ROUNDS} rounds per implementation, alternating, each on a fresh stream.</li>
 * <li><b>Latency</b> when idle: {@value #SAMPLES} times (after {@value #WARM_UP}
 * unrecorded), one entry is added ({@code XADD}, carrying {@link System#nanoTime()}) to
 * the stream of an idle consumer, and the handler records the time until it starts; the
 * next entry is added 1 ms after the previous one was acknowledged. Median, p99 and
 * maximum in microseconds.</li>
 * </ul>
 * Implementations, each with 2 workers and room for 1,000 waiting entries:
 * <ul>
 * <li>{@link Kind#STREAM_SOURCE}: a {@link StreamSource} feeding a {@link WorkerPool}
 * ({@code minWorkers = maxWorkers = 2}, {@code queueCapacity(1_000)}), batch size
 * {@value #BATCH}, in a conductor: acknowledgements batched behind the one under
 * way.</li>
 * <li>{@link Kind#TPE_ACK_PER_ENTRY} (baseline): what one writes by hand with Lettuce and
 * the JDK: a thread reads with {@code XREADGROUP COUNT ≤ }{@value #BATCH}
 * {@code BLOCK 1000} on its own connection, as many entries as a semaphore of 1,002
 * permits allows, and hands each to a {@code ThreadPoolExecutor(2, 2)} over an
 * {@code ArrayBlockingQueue(1_000)}; each task runs the handler and then {@code XACK}s
 * its entry on a shared connection: one round trip per entry.</li>
 * </ul>
 * Run with: <pre>
 * java -cp pool-benchmarks/target/benchmarks.jar io.poolworks.benchmarks.StreamSourceBenchmark
 * </pre>
 */
public final class StreamSourceBenchmark {

    static final int ENTRIES = 50_000;

    static final int ROUNDS = 5;

    static final int SAMPLES = 2_000;

    static final int WARM_UP = 500;

    static final int BATCH = 500;

    private static final String GROUP = "bench";

    /** The consumers compared. */
    enum Kind {

        /** The stream source over a worker pool. */
        STREAM_SOURCE,

        /**
         * The baseline: a hand-written loop, a ThreadPoolExecutor, one XACK per entry.
         */
        TPE_ACK_PER_ENTRY

    }

    private StreamSourceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> producer = client.connect()) {
                System.out.println("java.version=" + System.getProperty("java.version") + " redis=" + redis.binary()
                        + " " + version(redis));
                Map<Kind, List<Double>> rates = Map.of(Kind.STREAM_SOURCE, new ArrayList<>(), Kind.TPE_ACK_PER_ENTRY,
                        new ArrayList<>());
                for (int round = 0; round < ROUNDS; round++) {
                    for (Kind kind : Kind.values()) {
                        double rate = throughput(kind, client, producer);
                        rates.get(kind).add(rate);
                        System.out.printf("throughput round %d %-18s %,10.0f entries/s%n", round + 1, kind, rate);
                    }
                }
                for (Kind kind : Kind.values()) {
                    double[] sorted = rates.get(kind).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    System.out.printf("throughput %-18s median %,10.0f entries/s (rounds: %s)%n", kind,
                            sorted[sorted.length / 2], rates.get(kind));
                }
                for (Kind kind : Kind.values()) {
                    latency(kind, client, producer);
                }
            }
            finally {
                client.shutdown();
            }
        }
    }

    private static double throughput(Kind kind, RedisClient client, StatefulRedisConnection<String, String> producer)
            throws Exception {
        String stream = "bench:" + UUID.randomUUID();
        fill(producer, stream, ENTRIES);
        CountDownLatch handled = new CountDownLatch(ENTRIES);
        long start = System.nanoTime();
        try (Subject subject = start(kind, client, stream, (entry) -> handled.countDown())) {
            if (!handled.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(kind + " handled only " + (ENTRIES - handled.getCount()));
            }
            while (subject.acknowledged() < ENTRIES) {
                LockSupport.parkNanos(100_000L);
            }
            long nanos = System.nanoTime() - start;
            long pending = producer.sync().xpending(stream, GROUP).getCount();
            if (pending != 0) {
                throw new IllegalStateException(kind + " left " + pending + " entries pending");
            }
            return ENTRIES / (nanos / 1e9);
        }
        finally {
            producer.sync().del(stream);
        }
    }

    private static void latency(Kind kind, RedisClient client, StatefulRedisConnection<String, String> producer)
            throws Exception {
        String stream = "bench:" + UUID.randomUUID();
        producer.sync().xgroupCreate(StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        long[] micros = new long[SAMPLES];
        AtomicLong last = new AtomicLong();
        Semaphore started = new Semaphore(0);
        try (Subject subject = start(kind, client, stream, (entry) -> {
            last.set(System.nanoTime() - Long.parseLong(entry.fields().get("t")));
            started.release();
        })) {
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                producer.sync().xadd(stream, Map.of("t", Long.toString(System.nanoTime())));
                if (!started.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(kind + ": entry " + i + " never reached the handler");
                }
                if (i >= WARM_UP) {
                    micros[i - WARM_UP] = last.get() / 1_000L;
                }
                while (subject.acknowledged() < i + 1) {
                    LockSupport.parkNanos(50_000L);
                }
                LockSupport.parkNanos(1_000_000L);
            }
        }
        finally {
            producer.sync().del(stream);
        }
        Arrays.sort(micros);
        System.out.printf("latency XADD -> handler start %-18s median %,6d us  p99 %,6d us  max %,6d us%n", kind,
                micros[SAMPLES / 2], micros[(int) (SAMPLES * 0.99)], micros[SAMPLES - 1]);
    }

    private static void fill(StatefulRedisConnection<String, String> producer, String stream, int entries) {
        producer.sync().xgroupCreate(StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        for (int from = 0; from < entries; from += 1_000) {
            List<RedisFuture<String>> futures = new ArrayList<>();
            for (int i = from; i < Math.min(entries, from + 1_000); i++) {
                futures.add(producer.async().xadd(stream, Map.of("n", Integer.toString(i))));
            }
            LettuceFutures.awaitAll(1, TimeUnit.MINUTES, futures.toArray(RedisFuture[]::new));
        }
    }

    private static Subject start(Kind kind, RedisClient client, String stream, Consumer<StreamEntry> handler) {
        return switch (kind) {
            case STREAM_SOURCE -> new SourceSubject(client, stream, handler);
            case TPE_ACK_PER_ENTRY -> new HandLoopSubject(client, stream, handler);
        };
    }

    private static String version(RedisServer redis) {
        return redis.command("INFO", "server")
            .lines()
            .filter((line) -> line.startsWith("redis_version:"))
            .findFirst()
            .orElse("redis_version:?");
    }

    /** A running consumer. */
    private interface Subject extends AutoCloseable {

        long acknowledged();

        @Override
        void close() throws InterruptedException;

    }

    /** The stream source over a worker pool, in a conductor. */
    private static final class SourceSubject implements Subject {

        private final WorkerPool pool;

        private final StreamSource source;

        private final Conductor conductor;

        SourceSubject(RedisClient client, String stream, Consumer<StreamEntry> handler) {
            this.pool = WorkerPool.builder("bench").minWorkers(2).maxWorkers(2).queueCapacity(1_000).build();
            this.source = StreamSource.builder(client, stream)
                .group(GROUP)
                .consumer("c1")
                .pool(this.pool)
                .handler(handler::accept)
                .batchSize(BATCH)
                .build();
            this.conductor = Conductor.builder("bench").worker("stream", this.source).build();
            this.conductor.start();
        }

        @Override
        public long acknowledged() {
            return this.source.stats().acknowledged();
        }

        @Override
        public void close() {
            this.conductor.stop();
            this.pool.shutdownGracefully();
            StreamSourceStats stats = this.source.stats();
            this.source.close();
            if (stats.handlerFailures() != 0 || stats.readErrors() != 0 || stats.ackErrors() != 0) {
                throw new IllegalStateException("The stream source failed: " + stats);
            }
        }

    }

    /** The baseline: a reading thread, a ThreadPoolExecutor, one XACK per entry. */
    private static final class HandLoopSubject implements Subject {

        private final StatefulRedisConnection<String, String> reader;

        private final StatefulRedisConnection<String, String> acker;

        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_002));

        private final Semaphore room = new Semaphore(1_002);

        private final LongAdder acknowledged = new LongAdder();

        private final Thread thread;

        private volatile boolean stopping;

        HandLoopSubject(RedisClient client, String stream, Consumer<StreamEntry> handler) {
            this.reader = client.connect();
            this.acker = client.connect();
            this.executor.prestartAllCoreThreads();
            io.lettuce.core.Consumer<String> consumer = io.lettuce.core.Consumer.from(GROUP, "c1");
            this.thread = new Thread(() -> {
                while (!this.stopping) {
                    try {
                        this.room.acquire();
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    int count = 1 + this.room.drainPermits();
                    if (count > BATCH) {
                        this.room.release(count - BATCH);
                        count = BATCH;
                    }
                    List<StreamMessage<String, String>> messages = this.reader.sync()
                        .xreadgroup(consumer, XReadArgs.Builder.count(count).block(1_000),
                                StreamOffset.lastConsumed(stream));
                    this.room.release(count - messages.size());
                    for (StreamMessage<String, String> message : messages) {
                        StreamEntry entry = new StreamEntry(stream, message.getId(), message.getBody(), 1);
                        this.executor.execute(() -> {
                            handler.accept(entry);
                            this.acker.sync().xack(stream, GROUP, entry.id());
                            this.acknowledged.increment();
                            this.room.release();
                        });
                    }
                }
            }, "hand-loop");
            this.thread.start();
        }

        @Override
        public long acknowledged() {
            return this.acknowledged.sum();
        }

        @Override
        public void close() throws InterruptedException {
            this.stopping = true;
            this.thread.join(5_000);
            this.executor.shutdown();
            this.executor.awaitTermination(10, TimeUnit.SECONDS);
            this.reader.close();
            this.acker.close();
        }

    }

}
