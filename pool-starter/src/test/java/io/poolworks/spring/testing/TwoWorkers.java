package io.poolworks.spring.testing;

import java.util.concurrent.CountDownLatch;

import io.poolworks.conductor.Worker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two {@link Worker} beans: {@code poller} runs until stopped; {@code failing} runs until
 * {@link #fail} is counted down, then throws.
 */
@Configuration(proxyBeanMethods = false)
public class TwoWorkers {

    /**
     * Counted down to make {@code failing} throw.
     */
    public final CountDownLatch fail = new CountDownLatch(1);

    @Bean
    Worker poller() {
        return (ctx) -> ctx.awaitStop();
    }

    @Bean
    Worker failing() {
        return (ctx) -> {
            // Interrupted when the conductor stops.
            this.fail.await();
            throw new IllegalStateException("inbox unreachable");
        };
    }

}
