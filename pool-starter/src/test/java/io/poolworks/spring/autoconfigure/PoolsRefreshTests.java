package io.poolworks.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Level;
import io.poolworks.PoolState;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spring.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run-time refresh of the pools: Spring Cloud's {@link EnvironmentChangeEvent}
 * re-tunes the running pools, atomically, and logs what changed.
 */
class PoolsRefreshTests {

    private final Map<String, Object> live = new HashMap<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class))
        .withInitializer((context) -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("live", this.live)));

    @Test
    void environmentChangeOfPoolKeysShouldRetuneTheRunningPoolAndLogOldToNew() {
        this.live
            .putAll(Map.of("poolworks.pools.emails.max-workers", "4", "poolworks.pools.emails.queue-capacity", "10"));
        try (LogCapture log = LogCapture.of(PoolsRefresh.class)) {
            this.runner.run((context) -> {
                WorkerPool emails = context.getBean("emails", WorkerPool.class);
                this.live.put("poolworks.pools.emails.max-workers", "8");
                this.live.put("poolworks.pools.emails.queue-capacity", "20");
                this.live.put("poolworks.pools.emails.rate-limit.permits", "5");
                context.publishEvent(new EnvironmentChangeEvent(context, Set.of("poolworks.pools.emails.max-workers",
                        "poolworks.pools.emails.queue-capacity", "poolworks.pools.emails.rate-limit.permits")));
                assertThat(emails.stats().maxWorkers()).isEqualTo(8);
                assertThat(emails.stats().queueCapacity()).isEqualTo(20);
                assertThat(emails.settings().rateLimit()).isEqualTo(RateLimit.of(5, Duration.ofSeconds(1)));
            });
            assertThat(log.messages(Level.INFO)).containsExactly("Pool 'emails' tuned by the environment change of "
                    + "[poolworks.pools.emails.max-workers, poolworks.pools.emails.queue-capacity, "
                    + "poolworks.pools.emails.rate-limit.permits]: max-workers 4 -> 8, queue-capacity 10 -> 20, "
                    + "rate-limit none -> 5 per 1s (burst 5)");
        }
    }

    @Test
    void refreshThatOnePoolRefusesShouldChangeNoPoolAndWarnOnceNamingTheProperty() {
        this.live.putAll(Map.of("poolworks.pools.a.max-workers", "4", "poolworks.pools.b.max-workers", "4"));
        try (LogCapture log = LogCapture.of(PoolsRefresh.class)) {
            this.runner.run((context) -> {
                WorkerPool a = context.getBean("a", WorkerPool.class);
                WorkerPool b = context.getBean("b", WorkerPool.class);
                this.live.put("poolworks.pools.a.max-workers", "8");
                this.live.put("poolworks.pools.b.min-workers", "6");
                context.publishEvent(new EnvironmentChangeEvent(context,
                        Set.of("poolworks.pools.a.max-workers", "poolworks.pools.b.min-workers")));
                assertThat(a.stats().maxWorkers()).isEqualTo(4);
                assertThat(b.stats().minWorkers()).isEqualTo(1);
                assertThat(b.stats().maxWorkers()).isEqualTo(4);
            });
            assertThat(log.messages(Level.INFO)).isEmpty();
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .startsWith("Refused the refresh of poolworks.* by the environment change of")
                .contains("nothing changed")
                .contains("poolworks.pools.b.max-workers was 4 but it must be >= min-workers (6 from "
                        + "poolworks.pools.b.min-workers)");
        }
    }

    @Test
    void refreshWithAMisspelledKeyShouldBeRefusedNamingTheClosestKey() {
        this.live.put("poolworks.pools.emails.max-workers", "4");
        try (LogCapture log = LogCapture.of(PoolsRefresh.class)) {
            this.runner.run((context) -> {
                this.live.put("poolworks.pools.emails.queue-capasity", "20");
                context
                    .publishEvent(new EnvironmentChangeEvent(context, Set.of("poolworks.pools.emails.queue-capasity")));
            });
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .contains("Did you mean poolworks.pools.emails.queue-capacity?");
        }
    }

    @Test
    void refreshShouldLeaveAloneWhatItDoesNotChange() {
        this.live
            .putAll(Map.of("poolworks.pools.emails.max-workers", "4", "poolworks.pools.emails.queue-capacity", "10"));
        this.runner.run((context) -> {
            WorkerPool emails = context.getBean("emails", WorkerPool.class);
            // As the pools endpoint would.
            emails.tuning().update((change) -> change.maxWorkers(6).paused(true));
            this.live.put("poolworks.pools.emails.queue-capacity", "20");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of("poolworks.pools.emails.queue-capacity")));
            assertThat(emails.stats().queueCapacity()).isEqualTo(20);
            assertThat(emails.stats().maxWorkers()).isEqualTo(6);
            assertThat(emails.stats().state()).isEqualTo(PoolState.PAUSED);
        });
    }

    @Test
    void refreshOfTheDefaultsShouldReachEveryPoolThatInheritsThem() {
        this.live.putAll(Map.of("poolworks.pools.a.queue-capacity", "5", "poolworks.pools.b.max-workers", "2"));
        this.runner.run((context) -> {
            this.live.put("poolworks.defaults.queue-capacity", "42");
            this.live.put("poolworks.defaults.paused", "true");
            context.publishEvent(new EnvironmentChangeEvent(context,
                    Set.of("poolworks.defaults.queue-capacity", "poolworks.defaults.paused")));
            WorkerPool a = context.getBean("a", WorkerPool.class);
            WorkerPool b = context.getBean("b", WorkerPool.class);
            assertThat(a.stats().queueCapacity()).isEqualTo(5);
            assertThat(b.stats().queueCapacity()).isEqualTo(42);
            assertThat(a.stats().state()).isEqualTo(PoolState.PAUSED);
            assertThat(b.stats().state()).isEqualTo(PoolState.PAUSED);
        });
    }

    @Test
    void environmentChangeOfOtherKeysShouldNotTouchThePools() {
        this.live.put("poolworks.pools.emails.max-workers", "4");
        try (LogCapture log = LogCapture.of(PoolsRefresh.class)) {
            this.runner.run((context) -> {
                this.live.put("poolworks.pools.emails.max-workers", "8");
                context.publishEvent(new EnvironmentChangeEvent(context, Set.of("server.port")));
                assertThat(context.getBean("emails", WorkerPool.class).stats().maxWorkers()).isEqualTo(4);
            });
            assertThat(log.events()).isEmpty();
        }
    }

    @Test
    void withoutSpringCloudContextShouldStartWithoutTheListener() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(PoolsRefresh.class)
                .doesNotHaveBean(EnvironmentChangeRefresh.class));
    }

    @Test
    void contextRefresherOfSpringCloudShouldRetuneThePoolsFromTheChangedFile(@TempDir Path directory)
            throws IOException {
        Path file = directory.resolve("application.properties");
        Files.writeString(file, "poolworks.pools.emails.max-workers=4\n");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RefreshApplication.class)
            .web(WebApplicationType.NONE)
            .run("--spring.config.location=file:" + file)) {
            WorkerPool emails = context.getBean("emails", WorkerPool.class);
            assertThat(emails.stats().maxWorkers()).isEqualTo(4);
            Files.writeString(file, "poolworks.pools.emails.max-workers=7\n");
            Set<String> keys = context.getBean(ContextRefresher.class).refresh();
            assertThat(keys).contains("poolworks.pools.emails.max-workers");
            assertThat(emails.stats().maxWorkers()).isEqualTo(7);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class RefreshApplication {

    }

}
