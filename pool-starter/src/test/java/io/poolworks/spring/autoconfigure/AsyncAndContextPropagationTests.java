package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.micrometer.context.ContextSnapshot;
import io.poolworks.WorkerPool;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.testing.Blocker;
import io.poolworks.spring.testing.LogCapture;
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
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

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
    void asyncVoidMethodThatThrowsShouldCountAsFailedAndReachTheUncaughtExceptionHandler() {
        UncaughtRecorder configuration = new UncaughtRecorder();
        this.runner.withUserConfiguration(AsyncConfiguration.class)
            .withBean(AsyncConfigurer.class, () -> configuration)
            .run((context) -> {
                AsyncService service = context.getBean(AsyncService.class);
                service.failInBackground();
                await().atMost(Duration.ofSeconds(10)).until(() -> !configuration.uncaught.isEmpty());
                assertThat(configuration.uncaught).containsExactly("failInBackground: boom");
                WorkerPool emails = context.getBean("emails", WorkerPool.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> emails.stats().failed() == 1);
                assertThat(emails.stats().completed()).isZero();
            });
    }

    @Test
    void asyncFutureMethodsThatFailShouldCountAsFailedAndFailTheirFuture() {
        UncaughtRecorder recorder = new UncaughtRecorder();
        this.runner.withUserConfiguration(AsyncConfiguration.class)
            .withBean(AsyncConfigurer.class, () -> recorder)
            .run((context) -> {
                AsyncService service = context.getBean(AsyncService.class);
                assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> service.failedFuture().get(10, TimeUnit.SECONDS))
                    .withRootCauseInstanceOf(IllegalStateException.class);
                assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> service.throwingFuture().get(10, TimeUnit.SECONDS))
                    .withRootCauseInstanceOf(IllegalStateException.class);
                WorkerPool emails = context.getBean("emails", WorkerPool.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> emails.stats().failed() == 2);
                assertThat(recorder.uncaught).isEmpty();
            });
    }

    @Test
    void asyncTaskLeftAtShutdownShouldBeNamedByBeanAndMethod() {
        List<String> unstarted = new CopyOnWriteArrayList<>();
        Blocker blocker = new Blocker();
        this.runner
            .withPropertyValues("poolworks.pools.emails.max-workers=1", "poolworks.pools.emails.drain-timeout=0s")
            .withUserConfiguration(AsyncConfiguration.class)
            .withBean(UnfinishedTaskHandler.class,
                    () -> (report) -> report.unstarted().forEach((task) -> unstarted.add(task.toString())))
            .run((context) -> {
                WorkerPool emails = context.getBean("emails", WorkerPool.class);
                emails.execute(blocker);
                blocker.awaitStarted();
                context.getBean(AsyncService.class).failInBackground();
                await().atMost(Duration.ofSeconds(10)).until(() -> emails.stats().queued() == 1);
            });
        assertThat(unstarted).containsExactly("asyncService#failInBackground");
    }

    @Test
    void asyncTaskThatExpiresInTheQueueShouldBeNamedByBeanAndMethodAndCancelled() {
        Blocker blocker = new Blocker();
        try (LogCapture log = LogCapture.of(WorkerPool.class)) {
            this.runner
                // 50 ms, not less: on a busy machine the blocker's own hand-off to the
                // new
                // worker can take a few milliseconds, and it must not expire.
                .withPropertyValues("poolworks.pools.emails.max-workers=1",
                        "poolworks.pools.emails.max-queue-wait=50ms")
                .withUserConfiguration(AsyncConfiguration.class)
                .run((context) -> {
                    WorkerPool emails = context.getBean("emails", WorkerPool.class);
                    emails.execute(blocker);
                    blocker.awaitStarted();
                    CompletableFuture<String> future = context.getBean(AsyncService.class).failedFuture();
                    // The first poll comes after 100 ms: the task has waited longer than
                    // max-queue-wait by then.
                    await().pollDelay(Duration.ofMillis(100))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> emails.stats().queued() == 1);
                    blocker.release();
                    await().atMost(Duration.ofSeconds(10)).until(() -> emails.stats().expired() == 1);
                    assertThat(future).isCancelled();
                });
            assertThat(log.messages(Level.WARN)).anySatisfy(
                    (line) -> assertThat(line).startsWith("Pool 'emails' dropped task asyncService#failedFuture"));
        }
        finally {
            blocker.release();
        }
    }

    @Test
    void poolShouldBeInjectableAsAnAsyncTaskExecutorByItsName() {
        this.runner.withUserConfiguration(ExecutorUser.class).run((context) -> {
            ExecutorUser user = context.getBean(ExecutorUser.class);
            assertThat(user.executor).isSameAs(context.getBean("emails"));
            assertThat(
                    user.executor.submitCompletable(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                .startsWith("emails-");
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
    void propagationWithoutContextPropagationLibraryShouldBackOffWithOneWarnNamingTheDependency() {
        try (LogCapture log = LogCapture.of(PoolworksAutoConfiguration.class)) {
            this.runner.withPropertyValues("spring.task.execution.propagate-context=true")
                .withClassLoader(new FilteredClassLoader(ContextSnapshot.class))
                .withUserConfiguration(PoolUser.class)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class);
                    assertThat(context).hasBean("emails");
                });
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .contains("spring.task.execution.propagate-context=true")
                .contains("MDC")
                .contains("io.micrometer:context-propagation");
        }
    }

    @Test
    void propagationWithTheLibraryShouldNotWarn() {
        try (LogCapture log = LogCapture.of(PoolworksAutoConfiguration.class)) {
            this.runner.withPropertyValues("spring.task.execution.propagate-context=true")
                .run((context) -> assertThat(context).hasNotFailed());
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
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

    /**
     * Records what reaches the {@code AsyncUncaughtExceptionHandler}. Boot wraps
     * {@code AsyncConfigurer} beans, so tests keep their own reference to it.
     */
    static class UncaughtRecorder implements AsyncConfigurer {

        final List<String> uncaught = new CopyOnWriteArrayList<>();

        @Override
        public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
            return (ex, method, params) -> this.uncaught.add(method.getName() + ": " + ex.getMessage());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ExecutorUser {

        final AsyncTaskExecutor executor;

        ExecutorUser(@Qualifier("emails") AsyncTaskExecutor executor) {
            this.executor = executor;
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

        @Async("emails")
        void failInBackground() {
            throw new IllegalStateException("boom");
        }

        @Async("emails")
        CompletableFuture<String> failedFuture() {
            return CompletableFuture.failedFuture(new IllegalStateException("boom"));
        }

        @Async("emails")
        Future<String> throwingFuture() {
            throw new IllegalStateException("boom");
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
