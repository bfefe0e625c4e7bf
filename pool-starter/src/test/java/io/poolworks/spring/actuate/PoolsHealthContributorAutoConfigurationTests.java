package io.poolworks.spring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.poolworks.PoolState;
import io.poolworks.WorkerPool;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.testing.Blocker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolsHealthContributorAutoConfiguration}: when the {@code pools}
 * health contributor exists, and when it is {@code UP} or {@code DOWN}.
 */
class PoolsHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolsHealthContributorAutoConfiguration.class))
        .withPropertyValues("poolworks.pools.emails.min-workers=0", "poolworks.pools.emails.max-workers=2",
                "poolworks.pools.reports.max-workers=1");

    @Test
    void indicatorWhenHealthIsPresentShouldExist() {
        this.runner.run((context) -> assertThat(context).hasSingleBean(PoolsHealthIndicator.class)
            .hasBean("poolsHealthIndicator"));
    }

    @Test
    void indicatorWhenDisabledShouldNotExist() {
        this.runner.withPropertyValues("management.health.pools.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(PoolsHealthIndicator.class));
    }

    @Test
    void indicatorWhenHealthDefaultsAreDisabledShouldNotExist() {
        this.runner.withPropertyValues("management.health.defaults.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(PoolsHealthIndicator.class));
    }

    @Test
    void indicatorWhenUserDefinesOneByNameShouldBackOff() {
        HealthIndicator own = () -> Health.up().build();
        this.runner.withBean("poolsHealthIndicator", HealthIndicator.class, () -> own)
            .run((context) -> assertThat(context.getBean("poolsHealthIndicator")).isSameAs(own));
    }

    @Test
    void contextWhenHealthIsMissingShouldStartWithoutTheIndicator() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasBean("emails")
                .doesNotHaveBean("poolsHealthIndicator"));
    }

    @Test
    void healthWhenPoolsRunShouldBeUpWithTheStateAndUtilizationOfEach() {
        this.runner.run((context) -> {
            WorkerPool emails = context.getBean("emails", WorkerPool.class);
            Blocker blocker = new Blocker();
            try {
                emails.execute(blocker);
                blocker.awaitStarted();
                Health health = health(context);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsOnlyKeys("emails", "reports")
                    .containsEntry("emails", Map.of("state", PoolState.RUNNING, "utilization", 0.5))
                    .containsEntry("reports", Map.of("state", PoolState.RUNNING, "utilization", 0.0));
            }
            finally {
                blocker.release();
            }
        });
    }

    @Test
    void healthWhenAPoolIsPausedShouldStayUp() {
        this.runner.run((context) -> {
            context.getBean("emails", WorkerPool.class).tuning().pause();
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("emails"))
                .isEqualTo(Map.of("state", PoolState.PAUSED, "utilization", 0.0));
        });
    }

    @Test
    void healthWhenAPoolTerminatedWhileTheApplicationRunsShouldBeDown() {
        this.runner.run((context) -> {
            context.getBean("reports", WorkerPool.class).close();
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("reports"))
                .isEqualTo(Map.of("state", PoolState.TERMINATED, "utilization", 0.0));
            assertThat(health.getDetails().get("emails"))
                .isEqualTo(Map.of("state", PoolState.RUNNING, "utilization", 0.0));
        });
    }

    @Test
    void healthWhenAPoolDrainsWhileTheApplicationRunsShouldBeDown() {
        Blocker blocker = new Blocker();
        this.runner.run((context) -> {
            WorkerPool emails = context.getBean("emails", WorkerPool.class);
            emails.execute(blocker);
            Thread drain = new Thread(emails::shutdownGracefully, "test-drain");
            drain.start();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> emails.stats().state() == PoolState.DRAINING);
                assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
            }
            finally {
                blocker.release();
                drain.join();
            }
            assertThat(emails.stats().state()).isEqualTo(PoolState.TERMINATED);
            assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthWhilePoolsDrainAtContextCloseShouldStayUp() {
        List<Health> seen = new CopyOnWriteArrayList<>();
        this.runner.withBean(HealthProbe.class, () -> new HealthProbe("poolsHealthIndicator", seen))
            .run((context) -> assertThat(health(context).getStatus()).isEqualTo(Status.UP));
        // The probe stops after the pools: they have drained, and the context is closing.
        assertThat(seen).singleElement().satisfies((health) -> {
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("emails"))
                .isEqualTo(Map.of("state", PoolState.TERMINATED, "utilization", 0.0));
        });
    }

    private static Health health(AssertableApplicationContext context) {
        return context.getBean("poolsHealthIndicator", HealthIndicator.class).health();
    }

}
