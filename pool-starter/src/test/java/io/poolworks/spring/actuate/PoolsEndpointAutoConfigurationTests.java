package io.poolworks.spring.actuate;

import java.time.Duration;

import io.poolworks.PoolState;
import io.poolworks.QueueOrder;
import io.poolworks.WorkerPool;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.actuate.PoolsEndpoint.InvalidTuningDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.PoolDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.PoolsDescriptor;
import io.poolworks.spring.actuate.PoolsEndpoint.RateLimitDescriptor;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolsEndpointAutoConfiguration}: when the endpoint and its web
 * extension exist, and what they answer on the context's pools.
 */
class PoolsEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolsEndpointAutoConfiguration.class))
        .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=4",
                "poolworks.pools.emails.queue-capacity=10", "poolworks.pools.emails.rate-limit.permits=50",
                "poolworks.pools.emails.rate-limit.burst=10", "poolworks.pools.reports.queue-order=priority");

    private final ApplicationContextRunner exposed = this.runner
        .withPropertyValues("management.endpoints.web.exposure.include=pools");

    @Test
    void endpointWhenNotExposedShouldNotExist() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(PoolsEndpoint.class)
            .doesNotHaveBean(PoolsEndpointWebExtension.class));
    }

    @Test
    void endpointWhenExposedOnTheWebShouldExistWithItsWebExtension() {
        this.exposed.run((context) -> assertThat(context).hasSingleBean(PoolsEndpoint.class)
            .hasSingleBean(PoolsEndpointWebExtension.class));
    }

    @Test
    void endpointWhenExposedOverJmxOnlyShouldHaveNoWebExtension() {
        this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=pools")
            .run((context) -> assertThat(context).hasSingleBean(PoolsEndpoint.class)
                .doesNotHaveBean(PoolsEndpointWebExtension.class));
    }

    @Test
    void endpointWhenAccessIsNoneShouldNotExist() {
        this.exposed.withPropertyValues("management.endpoint.pools.access=NONE")
            .run((context) -> assertThat(context).doesNotHaveBean(PoolsEndpoint.class));
    }

    @Test
    void endpointWhenUserDefinesOneShouldBackOff() {
        PoolsEndpoint own = new PoolsEndpoint(new WorkerPoolRegistry());
        this.exposed.withBean("myPoolsEndpoint", PoolsEndpoint.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(PoolsEndpoint.class);
            assertThat(context.getBean(PoolsEndpoint.class)).isSameAs(own);
            assertThat(context).hasSingleBean(PoolsEndpointWebExtension.class);
        });
    }

    @Test
    void contextWhenActuatorIsMissingShouldStartWithoutTheEndpoint() {
        this.exposed.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasBean("emails")
                .doesNotHaveBean("poolsEndpoint")
                .doesNotHaveBean("poolsEndpointWebExtension"));
    }

    @Test
    void poolsWhenReadShouldDescribeEveryPoolWithSettingsAndStats() {
        this.exposed.run((context) -> {
            PoolsDescriptor pools = context.getBean(PoolsEndpoint.class).pools();
            assertThat(pools.pools()).containsOnlyKeys("emails", "reports");
            PoolDescriptor emails = pools.pools().get("emails");
            assertThat(emails.name()).isEqualTo("emails");
            assertThat(emails.state()).isEqualTo(PoolState.RUNNING);
            assertThat(emails.settings().minWorkers()).isEqualTo(1);
            assertThat(emails.settings().maxWorkers()).isEqualTo(4);
            assertThat(emails.settings().queueCapacity()).isEqualTo(10);
            assertThat(emails.settings().rateLimit()).isEqualTo(new RateLimitDescriptor(50, Duration.ofSeconds(1), 10));
            assertThat(emails.stats().workers()).isEqualTo(1);
            assertThat(emails.stats().remainingCapacity()).isEqualTo(10);
            assertThat(pools.pools().get("reports").settings().queueOrder()).isEqualTo(QueueOrder.PRIORITY);
        });
    }

    @Test
    void poolWhenNameIsUnknownShouldBeNull() {
        this.exposed.run((context) -> {
            PoolsEndpoint endpoint = context.getBean(PoolsEndpoint.class);
            assertThat(endpoint.pool("emails")).isNotNull();
            assertThat(endpoint.pool("sms")).isNull();
        });
    }

    @Test
    void tuneWhenValidShouldChangeTheContextsPool() {
        this.exposed.run((context) -> {
            new TuningWrite().maxWorkers(8)
                .queueCapacity(20)
                .removeRateLimit(true)
                .on(context.getBean(PoolsEndpoint.class), "emails");
            WorkerPool emails = context.getBean("emails", WorkerPool.class);
            assertThat(emails.stats().maxWorkers()).isEqualTo(8);
            assertThat(emails.stats().queueCapacity()).isEqualTo(20);
            assertThat(emails.settings().rateLimited()).isFalse();
        });
    }

    @Test
    void tuneWhenPausedAndResumedShouldChangeThePoolState() {
        this.exposed.run((context) -> {
            PoolsEndpoint endpoint = context.getBean(PoolsEndpoint.class);
            WorkerPool emails = context.getBean("emails", WorkerPool.class);
            new TuningWrite().action("pause").on(endpoint, "emails");
            assertThat(emails.stats().state()).isEqualTo(PoolState.PAUSED);
            new TuningWrite().action("resume").on(endpoint, "emails");
            assertThat(emails.stats().state()).isEqualTo(PoolState.RUNNING);
        });
    }

    @Test
    void webExtensionWhenWriteIsValidShouldAnswerTheTunedPool() {
        this.exposed.run((context) -> {
            WebEndpointResponse<OperationResponseBody> response = new TuningWrite().minWorkers(2)
                .on(context.getBean(PoolsEndpointWebExtension.class), "emails");
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getBody()).isInstanceOfSatisfying(PoolDescriptor.class,
                    (pool) -> assertThat(pool.settings().minWorkers()).isEqualTo(2));
        });
    }

    @Test
    void webExtensionWhenAValueHasTheWrongTypeShouldAnswer400NamingIt() {
        this.exposed.run((context) -> {
            WebEndpointResponse<OperationResponseBody> response = context.getBean(PoolsEndpointWebExtension.class)
                .tune("emails", null, "many", null, null, null, null, null, null, null, null, SecurityContext.NONE);
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getBody()).isInstanceOfSatisfying(InvalidTuningDescriptor.class,
                    (invalid) -> assertThat(invalid.violations()).singleElement()
                        .satisfies((violation) -> assertThat(violation.reason())
                            .isEqualTo("maxWorkers must be a whole number but was 'many' for pool 'emails'")));
        });
    }

    @Test
    void webExtensionWhenPoolIsUnknownShouldAnswer404() {
        this.exposed.run((context) -> {
            WebEndpointResponse<OperationResponseBody> response = new TuningWrite().maxWorkers(8)
                .on(context.getBean(PoolsEndpointWebExtension.class), "sms");
            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(response.getBody()).isNull();
        });
    }

    @Test
    void webExtensionWhenWriteIsInvalidShouldAnswer400WithTheViolationsAndChangeNothing() {
        this.exposed.run((context) -> {
            WebEndpointResponse<OperationResponseBody> response = new TuningWrite().minWorkers(3)
                .maxWorkers(2)
                .on(context.getBean(PoolsEndpointWebExtension.class), "emails");
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getBody()).isInstanceOfSatisfying(InvalidTuningDescriptor.class,
                    (invalid) -> assertThat(invalid.violations()).singleElement()
                        .satisfies((violation) -> assertThat(violation.reason())
                            .isEqualTo("maxWorkers must be >= minWorkers (3) but was 2 for pool 'emails'")));
            assertThat(context.getBean("emails", WorkerPool.class).stats().minWorkers()).isEqualTo(1);
        });
    }

}
