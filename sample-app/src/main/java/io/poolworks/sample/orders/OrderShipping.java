package io.poolworks.sample.orders;

import java.time.Duration;

import io.poolworks.redis.StreamEntry;
import io.poolworks.redis.StreamHandler;
import io.poolworks.sample.SampleProperties;
import io.poolworks.sample.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Ships each order of the stream {@code orders}: the handler of the binding
 * {@code poolworks.streams.orders}, a {@link StreamHandler} bean named like it. Delivery
 * is at least once, so shipping is idempotent: an order already in the set
 * {@value #SHIPPED} is skipped (and counted in {@value #SKIPPED}), and an order joins the
 * set only once it is shipped. Only an instance that died between the two ships an order
 * twice. Each instance counts what it shipped in the hash {@value #SHIPPED_BY}, by port.
 */
@Component("orders")
@Profile("cluster")
public class OrderShipping implements StreamHandler {

    static final String SHIPPED = "orders:shipped";

    static final String SKIPPED = "orders:skipped";

    static final String SHIPPED_BY = "orders:shipped-by";

    private static final Logger logger = LoggerFactory.getLogger(OrderShipping.class);

    private final StringRedisTemplate redis;

    private final Environment environment;

    private final Duration workTime;

    public OrderShipping(StringRedisTemplate redis, Environment environment, SampleProperties properties) {
        this.redis = redis;
        this.environment = environment;
        this.workTime = properties.orders().workTime();
    }

    @Override
    public void handle(StreamEntry entry) {
        String order = entry.fields().get(OrderBook.ORDER_FIELD);
        if (order == null) {
            logger.warn("Entry {} of stream '{}' has no field '{}': nothing to ship", entry.id(), entry.stream(),
                    OrderBook.ORDER_FIELD);
            return;
        }
        if (Boolean.TRUE.equals(this.redis.opsForSet().isMember(SHIPPED, order))) {
            this.redis.opsForValue().increment(SKIPPED);
            logger.info("Order {} was shipped already: skipped (entry {}, delivery {})", order, entry.id(),
                    entry.deliveries());
            return;
        }
        Work.simulate(this.workTime);
        this.redis.opsForSet().add(SHIPPED, order);
        this.redis.opsForHash().increment(SHIPPED_BY, this.environment.getProperty("local.server.port", "?"), 1);
        logger.debug("Shipped order {} (entry {}, delivery {})", order, entry.id(), entry.deliveries());
    }

}
