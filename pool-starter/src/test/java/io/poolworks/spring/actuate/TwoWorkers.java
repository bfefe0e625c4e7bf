package io.poolworks.spring.actuate;

import java.util.concurrent.CountDownLatch;

import io.poolworks.conductor.Worker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two {@link Worker} beans for the workers endpoint and health tests: {@code poller} runs
 * until stopped; {@code failing} throws once {@link #fail} is counted down.
 */
@Configuration(proxyBeanMethods = false)
class TwoWorkers {

    final CountDownLatch fail = new CountDownLatch(1);

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
