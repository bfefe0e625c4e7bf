package io.poolworks.redis.functional;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What the stream tests share: a producer, the group's pending count, and a ledger file
 * that survives the kill of the process that writes it.
 */
final class StreamTesting {

    private StreamTesting() {
    }

    /**
     * Add entries {@code prefix-0 ... prefix-(count-1)} (field {@code n}) and return
     * their ids, in order.
     */
    static List<String> add(StatefulRedisConnection<String, String> connection, String stream, String prefix,
            int count) {
        List<RedisFuture<String>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(connection.async().xadd(stream, Map.of("n", prefix + "-" + i)));
        }
        LettuceFutures.awaitAll(30, TimeUnit.SECONDS, futures.toArray(RedisFuture[]::new));
        List<String> ids = new ArrayList<>(count);
        for (RedisFuture<String> future : futures) {
            ids.add(future.toCompletableFuture().join());
        }
        return ids;
    }

    /** The group's pending entries, on every consumer. */
    static long pending(StatefulRedisConnection<String, String> connection, String stream, String group) {
        return connection.sync().xpending(stream, group).getCount();
    }

    /** How many times each id occurs. */
    static Map<String, Integer> counts(Iterable<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        for (String id : ids) {
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * A file of ids, one a line, each written with its own system call so that what was
     * written survives a SIGKILL of the writer. Not a channel: an interrupt must not
     * close it.
     */
    static final class Ledger implements AutoCloseable {

        private final FileOutputStream out;

        Ledger(Path file) {
            try {
                this.out = new FileOutputStream(file.toFile(), true);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        synchronized void write(String id) {
            try {
                this.out.write((id + "\n").getBytes(StandardCharsets.UTF_8));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /** The complete lines of a ledger file (a line cut by a kill is left out). */
        static List<String> read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file);
            int end = text.lastIndexOf('\n');
            return (end < 0) ? List.of() : text.substring(0, end).lines().filter((line) -> !line.isEmpty()).toList();
        }

        @Override
        public synchronized void close() throws IOException {
            this.out.close();
        }

    }

}
