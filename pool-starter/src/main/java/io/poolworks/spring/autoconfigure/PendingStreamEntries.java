package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.poolworks.ShutdownReport;
import io.poolworks.redis.StreamEntry;
import io.poolworks.redis.StreamSource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The unstarted tasks of a drained pool, split into entries of a Redis stream, which are
 * not lost (they stay pending in Redis for another consumer, or for this one's next
 * start), and the others. Works without {@code poolworks-redis} on the class path: then
 * every task is another.
 *
 * @param entries the number of stream entries by stream key
 * @param others the tasks that are not stream entries, in order
 */
record PendingStreamEntries(Map<String, Integer> entries, List<Runnable> others) {

    private static final boolean REDIS_PRESENT = ClassUtils.isPresent("io.poolworks.redis.StreamSource",
            PendingStreamEntries.class.getClassLoader());

    static PendingStreamEntries of(List<Runnable> unstarted) {
        if (!REDIS_PRESENT) {
            return new PendingStreamEntries(Map.of(), unstarted);
        }
        Map<String, Integer> entries = new TreeMap<>();
        List<Runnable> others = new ArrayList<>();
        for (Runnable task : unstarted) {
            String stream = Redis.streamOf(task);
            if (stream != null) {
                entries.merge(stream, 1, Integer::sum);
            }
            else {
                others.add(task);
            }
        }
        return new PendingStreamEntries(entries, others);
    }

    boolean hasEntries() {
        return !this.entries.isEmpty();
    }

    /**
     * The report as handlers receive it: without the entries, which are not theirs to
     * save.
     */
    ShutdownReport withoutEntries(ShutdownReport report) {
        return !hasEntries() ? report
                : new ShutdownReport(report.poolName(), this.others, report.completedDuringDrain(),
                        report.failedDuringDrain(), report.interrupted(), report.stuckWorkers(), report.elapsed(),
                        report.cancelled());
    }

    /** Say how many entries stay pending, and of which streams. */
    String describe() {
        int count = this.entries.values().stream().mapToInt(Integer::intValue).sum();
        return count + " stream " + ((count == 1) ? "entry" : "entries")
                + " not started, which stay pending in Redis for another instance or the next start ("
                + this.entries.entrySet()
                    .stream()
                    .map((entry) -> "'" + entry.getKey() + "': " + entry.getValue())
                    .collect(Collectors.joining(", "))
                + ")";
    }

    /** Loaded only when poolworks-redis is on the class path. */
    private static final class Redis {

        static @Nullable String streamOf(Runnable task) {
            return StreamSource.entryOf(task).map(StreamEntry::stream).orElse(null);
        }

    }

}
