package io.poolworks.spring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.WorkerState;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import io.poolworks.spring.testing.TwoWorkers;
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
 * Tests for {@link WorkersHealthContributorAutoConfiguration}: when the {@code workers}
 * health contributor exists, and when it is {@code UP} or {@code DOWN}.
 */
class WorkersHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                PoolworksWorkersAutoConfiguration.class, WorkersHealthContributorAutoConfiguration.class));

    @Test
    void indicatorWhenThereIsNoConductorShouldNotExist() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("workersHealthIndicator"));
    }

    @Test
    void indicatorWhenThereAreWorkersShouldExist() {
        this.runner.withUserConfiguration(TwoWorkers.class)
            .run((context) -> assertThat(context).hasSingleBean(WorkersHealthIndicator.class)
                .hasBean("workersHealthIndicator"));
    }

    @Test
    void indicatorWhenDisabledShouldNotExist() {
        this.runner.withUserConfiguration(TwoWorkers.class)
            .withPropertyValues("management.health.workers.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(WorkersHealthIndicator.class));
    }

    @Test
    void indicatorWhenUserDefinesOneByNameShouldBackOff() {
        HealthIndicator own = () -> Health.up().build();
        this.runner.withUserConfiguration(TwoWorkers.class)
            .withBean("workersHealthIndicator", HealthIndicator.class, () -> own)
            .run((context) -> assertThat(context.getBean("workersHealthIndicator")).isSameAs(own));
    }

    @Test
    void contextWhenHealthIsMissingShouldStartWithoutTheIndicator() {
        this.runner.withUserConfiguration(TwoWorkers.class)
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME)
                .doesNotHaveBean("workersHealthIndicator"));
    }

    @Test
    void healthWhenWorkersRunShouldBeUpWithTheStateOfEach() {
        this.runner.withUserConfiguration(TwoWorkers.class).run((context) -> {
            awaitStates(context, WorkerState.RUNNING, WorkerState.RUNNING);
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsOnlyKeys("poller", "failing")
                .containsEntry("poller", Map.of("state", WorkerState.RUNNING, "restarts", 0));
        });
    }

    @Test
    void healthWhenAWorkerFailureEndedTheConductorShouldBeDownWithTheError() {
        this.runner.withUserConfiguration(TwoWorkers.class).run((context) -> {
            awaitStates(context, WorkerState.RUNNING, WorkerState.RUNNING);
            context.getBean(TwoWorkers.class).fail.countDown();
            awaitStates(context, WorkerState.STOPPED, WorkerState.FAILED);
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails())
                .containsEntry("failing",
                        Map.of("state", WorkerState.FAILED, "restarts", 0, "lastError",
                                "java.lang.IllegalStateException: inbox unreachable"))
                .containsEntry("poller", Map.of("state", WorkerState.STOPPED, "restarts", 0));
        });
    }

    @Test
    void healthWhenAWorkerSpentItsRestartsShouldBeDownWithTheRestarts() {
        this.runner
            .withPropertyValues("poolworks.workers.failure-policy=restart",
                    "poolworks.workers.restart.initial-backoff=10ms", "poolworks.workers.restart.max-backoff=20ms",
                    "poolworks.workers.restart.max-restarts=2")
            .withUserConfiguration(TwoWorkers.class)
            .run((context) -> {
                context.getBean(TwoWorkers.class).fail.countDown();
                awaitStates(context, WorkerState.STOPPED, WorkerState.FAILED);
                Health health = health(context);
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails().get("failing")).isEqualTo(Map.of("state", WorkerState.FAILED, "restarts",
                        2, "lastError", "java.lang.IllegalStateException: inbox unreachable"));
            });
    }

    @Test
    void healthWhenAFailedWorkerIsIgnoredWhileOthersRunShouldStayUp() {
        this.runner.withPropertyValues("poolworks.workers.overrides.failing.failure-policy=ignore")
            .withUserConfiguration(TwoWorkers.class)
            .run((context) -> {
                context.getBean(TwoWorkers.class).fail.countDown();
                awaitStates(context, WorkerState.RUNNING, WorkerState.FAILED);
                assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            });
    }

    @Test
    void healthWhileTheContextClosesShouldStayUpAfterAFailure() {
        List<Health> seen = new CopyOnWriteArrayList<>();
        this.runner.withUserConfiguration(TwoWorkers.class)
            .withBean(HealthProbe.class, () -> new HealthProbe("workersHealthIndicator", seen))
            .run((context) -> {
                context.getBean(TwoWorkers.class).fail.countDown();
                awaitStates(context, WorkerState.STOPPED, WorkerState.FAILED);
                assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
            });
        assertThat(seen).singleElement().satisfies((health) -> assertThat(health.getStatus()).isEqualTo(Status.UP));
    }

    private static void awaitStates(AssertableApplicationContext context, WorkerState poller, WorkerState failing) {
        Conductor conductor = context.getBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME, Conductor.class);
        await().atMost(Duration.ofSeconds(5))
            .until(() -> conductor.status().stream().map((status) -> status.state()).toList(),
                    (states) -> states.equals(List.of(poller, failing)));
    }

    private static Health health(AssertableApplicationContext context) {
        return context.getBean("workersHealthIndicator", HealthIndicator.class).health();
    }

}
