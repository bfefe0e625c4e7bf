package io.poolworks.spring.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.poolworks.redis.StreamEntry;
import io.poolworks.redis.StreamHandler;
import io.poolworks.redis.testing.RedisServer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link StreamHandler} bean named {@code orders}: it records the id of every entry it
 * handled, throws for an entry with the field {@code fail}, and holds an entry with the
 * field {@code hold} until {@link #release} is counted down (or it is interrupted).
 */
@Configuration(proxyBeanMethods = false)
public class OrderHandler {

    /**
     * The ids of the entries handled, in the order they returned.
     */
    public final Set<String> handled = ConcurrentHashMap.newKeySet();

    /**
     * Every entry the handler was called with, in order.
     */
    public final List<StreamEntry> calls = new CopyOnWriteArrayList<>();

    /**
     * Counted down when an entry with the field {@code hold} started.
     */
    public final CountDownLatch holding = new CountDownLatch(1);

    /**
     * Counted down to let the entries with the field {@code hold} return.
     */
    public final CountDownLatch release = new CountDownLatch(1);

    @Bean
    StreamHandler orders() {
        return (entry) -> {
            this.calls.add(entry);
            if (entry.fields().containsKey("fail")) {
                throw new IllegalStateException("expected: entry " + entry.id() + " always fails");
            }
            if (entry.fields().containsKey("hold")) {
                this.holding.countDown();
                this.release.await();
            }
            this.handled.add(entry.id());
        };
    }

    /**
     * Return whether the server reports a consumer group's lag: Redis 7 and later do.
     * @param redis the server
     * @return whether {@code XINFO GROUPS} has a lag
     */
    public static boolean reportsLag(RedisServer redis) {
        String version = redis.command("INFO", "server").replaceAll("(?s).*redis_version:(\\d+)\\..*", "$1");
        return Integer.parseInt(version) >= 7;
    }

    /**
     * Add an entry to a stream.
     * @param redis the server
     * @param stream the stream key
     * @param fields field, value, field, value...
     * @return the entry's id
     */
    public static String add(RedisServer redis, String stream, String... fields) {
        String[] command = new String[fields.length + 3];
        command[0] = "XADD";
        command[1] = stream;
        command[2] = "*";
        System.arraycopy(fields, 0, command, 3, fields.length);
        return redis.command(command);
    }

}
