package io.poolworks.spring.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextSnapshot;
import io.poolworks.WorkerPool;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pools behind {@code @Async("name")} next to Boot's own executor, and MDC context
 * reaching pool tasks when context propagation is on.
 */
class AsyncAndContextPropagationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(TaskExecutionAutoConfiguration.class, PoolworksAutoConfiguration.class))
        .withPropertyValues("poolworks.pools.emails.max-workers=2");

    @Test
    void asyncWithPoolNameShouldRunOnThePoolAndPlainAsyncOnBootsExecutor() {
        this.runner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
            AsyncService service = context.getBean(AsyncService.class);
            assertThat(service.onEmails().get(5, TimeUnit.SECONDS)).startsWith("emails-");
            assertThat(service.onDefault().get(5, TimeUnit.SECONDS)).startsWith("task-");
            assertThat(context.getBean("emails", WorkerPool.class).stats().completed()).isEqualTo(1);
        });
    }

    @Test
    void mdcOfTheSubmitterWhenPropagationIsOnShouldBeVisibleInTheTask() {
        this.runner.withPropertyValues("spring.task.execution.propagate-context=true")
            .withUserConfiguration(PoolUser.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class);
                assertThat(mdcSeenByTask(context.getBean(PoolUser.class).pool)).isEqualTo("req-42");
            });
    }

    @Test
    void mdcWhenPropagationIsOffShouldNotLeakIntoTheTask() {
        this.runner.withUserConfiguration(PoolUser.class).run((context) -> {
            assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class);
            assertThat(mdcSeenByTask(context.getBean(PoolUser.class).pool)).isNull();
        });
    }

    @Test
    void propagationWithoutContextPropagationLibraryShouldBackOff() {
        this.runner.withPropertyValues("spring.task.execution.propagate-context=true")
            .withClassLoader(new FilteredClassLoader(ContextSnapshot.class))
            .withUserConfiguration(PoolUser.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class);
                assertThat(context).hasBean("emails");
            });
    }

    private static String mdcSeenByTask(WorkerPool pool) throws Exception {
        MDC.put("requestId", "req-42");
        try {
            Future<String> seen = pool.submit(() -> MDC.get("requestId"));
            return seen.get(5, TimeUnit.SECONDS);
        }
        finally {
            MDC.remove("requestId");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncConfiguration {

        @Bean
        AsyncService asyncService() {
            return new AsyncService();
        }

    }

    static class AsyncService {

        @Async("emails")
        CompletableFuture<String> onEmails() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @Async
        CompletableFuture<String> onDefault() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PoolUser {

        final WorkerPool pool;

        PoolUser(@Qualifier("emails") WorkerPool pool) {
            this.pool = pool;
        }

    }

}
