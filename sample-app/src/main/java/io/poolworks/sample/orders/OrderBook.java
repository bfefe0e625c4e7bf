package io.poolworks.sample.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Places orders on the stream {@value #STREAM} and reports how far shipping got, from
 * Redis: what every instance did, including one that died.
 */
@Service
@Profile("cluster")
public class OrderBook {

    static final String STREAM = "orders";

    static final String ORDER_FIELD = "order";

    private static final String SEQUENCE = "orders:sequence";

    private final StringRedisTemplate redis;

    public OrderBook(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Place orders: one stream entry each, numbered across every instance.
     * @param count how many
     * @return the orders placed, in order
     */
    public List<String> place(int count) {
        List<String> placed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String order = "order-" + this.redis.opsForValue().increment(SEQUENCE);
            this.redis.opsForStream().add(StreamRecords.string(Map.of(ORDER_FIELD, order)).withStreamKey(STREAM));
            placed.add(order);
        }
        return placed;
    }

    /**
     * Report how far shipping got.
     * @return the report
     */
    public Progress progress() {
        Map<String, Long> shippedBy = new TreeMap<>();
        this.redis.<String, String>opsForHash()
            .entries(OrderShipping.SHIPPED_BY)
            .forEach((port, count) -> shippedBy.put(port, Long.parseLong(count)));
        Long placed = this.redis.opsForStream().size(STREAM);
        Long shipped = this.redis.opsForSet().size(OrderShipping.SHIPPED);
        String skipped = this.redis.opsForValue().get(OrderShipping.SKIPPED);
        return new Progress((placed != null) ? placed : 0, (shipped != null) ? shipped : 0,
                (skipped != null) ? Long.parseLong(skipped) : 0, shippedBy);
    }

    /**
     * How far shipping got.
     *
     * @param placed the orders placed (entries of the stream)
     * @param shipped the orders shipped, each counted once
     * @param skipped the deliveries of an order shipped already, which the handler
     * skipped
     * @param shippedBy the orders each instance shipped, by its port
     */
    public record Progress(long placed, long shipped, long skipped, Map<String, Long> shippedBy) {
    }

}
