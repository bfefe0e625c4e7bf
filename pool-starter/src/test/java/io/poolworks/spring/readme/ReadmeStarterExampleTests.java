package io.poolworks.spring.readme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.poolworks.AdaptiveLimit;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Worker;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter examples of the README, as written there: the YAML is read from the README
 * itself, the Java is copied verbatim.
 */
class ReadmeStarterExampleTests {

    @Test
    void readmeYamlShouldConfigureThePoolsItDescribes() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class))
            .withInitializer((context) -> readmeYaml().forEach(context.getEnvironment().getPropertySources()::addLast))
            .run((context) -> {
                WorkerPool emails = context.getBean("emails", WorkerPool.class);
                assertThat(emails.stats().minWorkers()).isEqualTo(2);
                assertThat(emails.stats().maxWorkers()).isEqualTo(8);
                assertThat(emails.stats().queueCapacity()).isEqualTo(500);
                assertThat(emails.settings().saturationPolicy()).isEqualTo(SaturationPolicy.REJECT);
                assertThat(emails.settings().rateLimit())
                    .isEqualTo(RateLimit.of(50, Duration.ofSeconds(1)).withBurst(10));
                assertThat(emails.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(15));
                WorkerPool reports = context.getBean("reports", WorkerPool.class);
                assertThat(reports.settings().queueOrder()).isEqualTo(QueueOrder.PRIORITY);
                assertThat(reports.stats().queueCapacity()).isEqualTo(1000);
                assertThat(reports.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(20));
                assertThat(reports.settings().taskTimeout()).isEqualTo(Duration.ofMinutes(2));
                WorkerPool inventory = context.getBean("inventory", WorkerPool.class);
                assertThat(inventory.settings().adaptiveLimit())
                    .isEqualTo(new AdaptiveLimit(AdaptiveLimit.Algorithm.GRADIENT2, 4, 1, 64));
            });
    }

    @Test
    void readmeJavaExamplesShouldWorkAsWritten() throws Exception {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                    PoolworksAutoConfiguration.class, PoolworksWorkersAutoConfiguration.class))
            .withInitializer((context) -> readmeYaml().forEach(context.getEnvironment().getPropertySources()::addLast))
            .withPropertyValues("poolworks.pools.web.max-workers=2")
            .withUserConfiguration(ReadmeApplication.class)
            .run((context) -> {
                Notifications notifications = context.getBean(Notifications.class);
                assertThat(notifications.send("ada@example.com")).isTrue();
                notifications.render(42);
                Inbox inbox = context.getBean(Inbox.class);
                Message message = new Message();
                inbox.messages.add(message);
                await().atMost(Duration.ofSeconds(5)).until(() -> message.delivered);
                WorkerPool reports = context.getBean("reports", WorkerPool.class);
                // render(42), and the first run of the scheduled digest.
                await().atMost(Duration.ofSeconds(5)).until(() -> reports.stats().completed() == 2);
                assertThat(context.getBean(WebMvcConfigurer.class)).isNotNull();
                assertThat(context.getBean("thumbnails", WorkerPool.class).stats().maxWorkers()).isEqualTo(4);
            });
    }

    private static List<PropertySource<?>> readmeYaml() {
        try {
            String readme = Files.readString(Path.of("../README.md"));
            Matcher matcher = Pattern.compile("```yaml\n(poolworks:.*?)```", Pattern.DOTALL).matcher(readme);
            assertThat(matcher.find()).as("a yaml block in README.md").isTrue();
            return new YamlPropertySourceLoader().load("README.md", new ByteArrayResource(matcher.group(1).getBytes()));
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    @EnableScheduling
    @Import(Notifications.class)
    static class ReadmeApplication {

        // README: "Using a pool", MVC async requests on a pool
        @Bean
        WebMvcConfigurer asyncRequestsOnAPool(@Qualifier("web") AsyncTaskExecutor web) {
            return new WebMvcConfigurer() {
                @Override
                public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
                    configurer.setTaskExecutor(web);
                }
            };
        }

        // README: "Using a pool", @Scheduled on a pool
        @Scheduled(fixedRate = 60_000, scheduler = "reports")
        void nightlyDigest() {
            // runs on a "reports-" thread
        }

        @Bean
        Inbox inbox() {
            return new Inbox();
        }

        @Bean
        OutboxRepository outbox() {
            return new OutboxRepository();
        }

        // README: "Shutdown: nothing accepted is lost"
        @Bean
        UnfinishedTaskHandler requeueUnfinished(OutboxRepository outbox) {
            return (report) -> report.unstarted().forEach(outbox::save);
        }

        // README: "Long-running workers"
        @Bean
        Worker inboxPoller(Inbox inbox, @Qualifier("emails") WorkerPool emails) {
            return (ctx) -> {
                while (!ctx.isStopping()) {
                    Message message = inbox.poll(Duration.ofSeconds(1));
                    if (message != null) {
                        emails.tryExecute(() -> message.deliver(), Duration.ofSeconds(5));
                    }
                }
            };
        }

        // README: "Using a pool", WorkerPoolFactory
        @Bean(defaultCandidate = false)
        WorkerPool thumbnails(WorkerPoolFactory pools) {
            return pools.builder("thumbnails").maxWorkers(4).build();
        }

    }

    // README: "Using a pool", verbatim
    @Service
    static class Notifications {

        private final WorkerPool emails;

        Notifications(@Qualifier("emails") WorkerPool emails) { // or @Qualifier("emails")
                                                                // ExecutorService
            this.emails = emails;
        }

        boolean send(String to) {
            return this.emails.tryExecute(() -> deliver(to)); // false when full: answer
                                                              // 429
        }

        @Async("reports") // with @EnableAsync
        public void render(long reportId) {
            // runs on a "reports-" thread
        }

        private void deliver(String to) {
        }

    }

    static class Inbox {

        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

        @Nullable Message poll(Duration timeout) throws InterruptedException {
            return this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

    }

    static class Message {

        volatile boolean delivered;

        void deliver() {
            this.delivered = true;
        }

    }

    static class OutboxRepository {

        final List<Runnable> saved = new CopyOnWriteArrayList<>();

        void save(Runnable task) {
            this.saved.add(task);
        }

    }

}
