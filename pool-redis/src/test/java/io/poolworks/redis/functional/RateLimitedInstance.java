package io.poolworks.redis.functional;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;

/**
 * One instance of a service, run in a child JVM by
 * {@link ClusterRateLimitAcrossJvmsTests}: a pool limited to 20 starts a second with a
 * burst of 5, in Redis ({@code cluster}) or in this JVM only ({@code local}). It prints
 * {@code ready}, waits for a line on its standard input, runs the tasks, and writes each
 * task's start (epoch nanoseconds) to the file.
 * <p>
 * Arguments: {@code <redis uri> <cluster|local> <key> <tasks> <file>}.
 */
public final class RateLimitedInstance {

    /** The limit of every instance. */
    static final RateLimit RATE_LIMIT = RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5);

    private RateLimitedInstance() {
    }

    public static void main(String[] args) throws Exception {
        String scope = args[1];
        int tasks = Integer.parseInt(args[3]);
        RedisClient client = RedisClient.create(args[0]);
        ClusterRateLimit cluster = null;
        WorkerPool.Builder builder = WorkerPool.builder("mail").minWorkers(2).maxWorkers(2).queueCapacity(tasks);
        if (scope.equals("cluster")) {
            cluster = ClusterRateLimit.builder(client, args[2]).rateLimit(RATE_LIMIT).build();
            builder.startPermits(cluster);
        }
        else {
            builder.rateLimit(RATE_LIMIT);
        }
        WorkerPool pool = builder.build();
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        long[] starts = new long[tasks];
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            int task = i;
            pool.execute(() -> {
                Instant now = Instant.now();
                starts[task] = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                done.countDown();
            });
        }
        if (!done.await(2, TimeUnit.MINUTES)) {
            System.exit(2);
        }
        List<String> lines = new ArrayList<>(tasks);
        for (long start : starts) {
            lines.add(Long.toString(start));
        }
        Files.write(Path.of(args[4]), lines);
        pool.shutdownGracefully();
        if (cluster != null) {
            cluster.close();
        }
        client.shutdown();
        System.out.println("done");
    }

}
