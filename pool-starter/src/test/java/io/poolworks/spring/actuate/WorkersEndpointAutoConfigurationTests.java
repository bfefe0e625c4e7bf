package io.poolworks.spring.actuate;

import java.time.Duration;

import io.poolworks.conductor.WorkerState;
import io.poolworks.spring.actuate.WorkersEndpoint.WorkerDescriptor;
import io.poolworks.spring.actuate.WorkersEndpoint.WorkersDescriptor;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import io.poolworks.spring.testing.TwoWorkers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WorkersEndpointAutoConfiguration}: when the endpoint exists, and what
 * it answers about the application's conductor.
 */
class WorkersEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                PoolworksWorkersAutoConfiguration.class, WorkersEndpointAutoConfiguration.class));

    private final ApplicationContextRunner exposed = this.runner
        .withPropertyValues("management.endpoints.web.exposure.include=workers");

    @Test
    void endpointWhenNotExposedShouldNotExist() {
        this.runner.withUserConfiguration(TwoWorkers.class)
            .run((context) -> assertThat(context).doesNotHaveBean(WorkersEndpoint.class));
    }

    @Test
    void endpointWhenUserDefinesOneShouldBackOff() {
        WorkersEndpoint own = new WorkersEndpoint(null);
        this.exposed.withBean("myWorkersEndpoint", WorkersEndpoint.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(WorkersEndpoint.class);
            assertThat(context.getBean(WorkersEndpoint.class)).isSameAs(own);
        });
    }

    @Test
    void contextWhenActuatorIsMissingShouldStartWithoutTheEndpoint() {
        this.exposed.withUserConfiguration(TwoWorkers.class)
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME)
                .doesNotHaveBean("workersEndpoint"));
    }

    @Test
    void workersWhenThereIsNoConductorShouldBeEmpty() {
        this.exposed.run((context) -> {
            WorkersEndpoint endpoint = context.getBean(WorkersEndpoint.class);
            WorkersDescriptor workers = endpoint.workers();
            assertThat(workers.conductor()).isNull();
            assertThat(workers.workers()).isEmpty();
            assertThat(endpoint.worker("poller")).isNull();
        });
    }

    @Test
    void workersWhenRunningShouldDescribeEachWorkerByName() {
        this.exposed.withUserConfiguration(TwoWorkers.class).run((context) -> {
            WorkersEndpoint endpoint = context.getBean(WorkersEndpoint.class);
            await().atMost(Duration.ofSeconds(5))
                .until(() -> endpoint.workers()
                    .workers()
                    .values()
                    .stream()
                    .allMatch((worker) -> worker.state() == WorkerState.RUNNING));
            WorkersDescriptor workers = endpoint.workers();
            assertThat(workers.conductor()).isEqualTo("workers");
            assertThat(workers.workers()).containsOnlyKeys("poller", "failing");
            WorkerDescriptor poller = endpoint.worker("poller");
            assertThat(poller.name()).isEqualTo("poller");
            assertThat(poller.restarts()).isZero();
            assertThat(poller.lastError()).isNull();
            assertThat(endpoint.worker("sweeper")).isNull();
        });
    }

    @Test
    void workerWhenItFailedShouldShowItsLastError() {
        this.exposed.withUserConfiguration(TwoWorkers.class).run((context) -> {
            WorkersEndpoint endpoint = context.getBean(WorkersEndpoint.class);
            TwoWorkers workers = context.getBean(TwoWorkers.class);
            await().atMost(Duration.ofSeconds(5))
                .until(() -> endpoint.worker("failing").state() == WorkerState.RUNNING);
            workers.fail.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.worker("failing").state() == WorkerState.FAILED);
            assertThat(endpoint.worker("failing").lastError())
                .isEqualTo("java.lang.IllegalStateException: inbox unreachable");
            assertThat(endpoint.worker("poller").state()).isEqualTo(WorkerState.STOPPED);
        });
    }

}
