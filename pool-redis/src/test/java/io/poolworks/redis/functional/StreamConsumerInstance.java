package io.poolworks.redis.functional;

import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.redis.StreamSource;

/**
 * One consumer instance, run in a child JVM by {@link StreamCrashTests}: a pool of 4
 * workers and a queue of 20 fed by a stream source in a conductor, as a plain-Java
 * service runs it. Its handler writes each id to a ledger as it starts, then works for 5
 * ms; an id whose handler a shutdown interrupted also goes to the cancelled file. On
 * SIGTERM the conductor stops the source, then the pool drains for the given time and the
 * source is closed; a second shutdown hook keeps the JVM alive until that is done, and
 * the last line printed says what the drain did.
 * <p>
 * Arguments:
 * {@code <redis uri> <stream> <group> <consumer> <ledger> <cancelled> <drain ms>}.
 */
public final class StreamConsumerInstance {

    static final int WORKERS = 4;

    static final int QUEUE = 20;

    private StreamConsumerInstance() {
    }

    public static void main(String[] args) throws Exception {
        RedisClient client = RedisClient.create(args[0]);
        WorkerPool pool = WorkerPool.builder("ingest")
            .minWorkers(WORKERS)
            .maxWorkers(WORKERS)
            .queueCapacity(QUEUE)
            .drainTimeout(Duration.ofMillis(Long.parseLong(args[6])))
            .build();
        try (StreamTesting.Ledger ledger = new StreamTesting.Ledger(Path.of(args[4]));
                StreamTesting.Ledger cancelled = new StreamTesting.Ledger(Path.of(args[5]))) {
            StreamSource source = StreamSource.builder(client, args[1])
                .group(args[2])
                .consumer(args[3])
                .pool(pool)
                .handler((entry) -> {
                    ledger.write(entry.id());
                    try {
                        Thread.sleep(5);
                    }
                    catch (InterruptedException ex) {
                        cancelled.write(entry.id());
                        throw ex;
                    }
                })
                .claimIdle(Duration.ofMinutes(1))
                .build();
            Conductor conductor = Conductor.builder("instance").worker("orders", source).build();
            Thread main = Thread.currentThread();
            // Shutdown hooks run at once and the JVM halts when the last one ends: this
            // one waits for main to drain the pool after the conductor stopped.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    main.join(30_000);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }, "drain-hook"));
            System.out.println("ready");
            System.out.flush();
            conductor.runUntilShutdown();
            ShutdownReport report = pool.shutdownGracefully();
            long pendingInRedis = report.unstarted()
                .stream()
                .filter((task) -> StreamSource.entryOf(task).isPresent())
                .count();
            source.close();
            System.out.println("drained unstarted=" + report.unstarted().size() + " stillPending=" + pendingInRedis
                    + " interrupted=" + report.interrupted() + " completedDuringDrain=" + report.completedDuringDrain()
                    + " " + source.stats());
            System.out.flush();
        }
        client.shutdown();
    }

}
