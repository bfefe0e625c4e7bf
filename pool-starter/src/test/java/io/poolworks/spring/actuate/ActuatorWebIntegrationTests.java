package io.poolworks.spring.actuate;

import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Worker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pools} and {@code workers} endpoints and health contributors over HTTP, in a
 * web application with Spring Boot Actuator, with the endpoint's default access and with
 * {@code management.endpoint.pools.access=unrestricted}.
 */
@SpringBootTest(classes = ActuatorWebIntegrationTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=pools,workers,health",
                "management.endpoint.health.show-details=always", "poolworks.pools.emails.min-workers=1",
                "poolworks.pools.emails.max-workers=4", "poolworks.pools.emails.queue-capacity=10",
                "poolworks.pools.emails.rate-limit.permits=50", "poolworks.pools.emails.rate-limit.burst=10",
                "poolworks.pools.reports.max-workers=2", "poolworks.pools.reports.adaptive.algorithm=aimd",
                // Spring Data Redis is on the starter's class path (for rate limits
                // shared
                // in Redis); this application uses no Redis, so its health does not
                // either.
                "management.health.redis.enabled=false" })
@AutoConfigureRestTestClient
class ActuatorWebIntegrationTests {

    @Autowired
    private RestTestClient client;

    @Autowired
    @Qualifier("emails")
    private WorkerPool emails;

    @Test
    void poolsWhenReadShouldListEveryPoolWithSettingsAndStats() {
        this.client.get()
            .uri("/actuator/pools")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.pools.length()")
            .isEqualTo(2)
            .jsonPath("$.pools.emails.state")
            .isEqualTo("RUNNING")
            .jsonPath("$.pools.emails.settings.maxWorkers")
            .isEqualTo(4)
            .jsonPath("$.pools.emails.settings.queueOrder")
            .isEqualTo("FIFO")
            .jsonPath("$.pools.emails.settings.drainTimeout")
            .isEqualTo("PT20S")
            .jsonPath("$.pools.emails.settings.rateLimit.permits")
            .isEqualTo(50)
            .jsonPath("$.pools.emails.settings.rateLimit.period")
            .isEqualTo("PT1S")
            .jsonPath("$.pools.emails.settings.rateLimit.burst")
            .isEqualTo(10)
            .jsonPath("$.pools.emails.settings.virtualThreads")
            .isEqualTo(false)
            .jsonPath("$.pools.emails.settings.threadNamePrefix")
            .isEqualTo("emails-")
            .jsonPath("$.pools.emails.stats.remainingCapacity")
            .isEqualTo(10)
            .jsonPath("$.pools.emails.stats.utilization")
            .isEqualTo(0.0)
            .jsonPath("$.pools.reports.settings.maxWorkers")
            .isEqualTo(2)
            .jsonPath("$.pools.emails.settings.adaptiveLimit")
            .doesNotExist()
            .jsonPath("$.pools.emails.stats.adaptiveLimit")
            .isEqualTo(0)
            .jsonPath("$.pools.reports.settings.adaptiveLimit.algorithm")
            .isEqualTo("AIMD")
            .jsonPath("$.pools.reports.settings.adaptiveLimit.max")
            .isEqualTo(2)
            .jsonPath("$.pools.reports.stats.adaptiveLimit")
            .isEqualTo(2);
    }

    @Test
    void poolWhenReadByNameShouldDescribeIt() {
        this.client.get()
            .uri("/actuator/pools/reports")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.name")
            .isEqualTo("reports")
            .jsonPath("$.settings.rateLimited")
            .isEqualTo(false);
    }

    @Test
    void poolWhenUnknownShouldAnswer404() {
        this.client.get().uri("/actuator/pools/sms").exchange().expectStatus().isNotFound();
    }

    @Test
    void workersWhenReadShouldListTheApplicationsWorkers() {
        this.client.get()
            .uri("/actuator/workers")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.conductor")
            .isEqualTo("workers")
            .jsonPath("$.workers.poller.restarts")
            .isEqualTo(0);
        this.client.get().uri("/actuator/workers/poller").exchange().expectStatus().isOk();
        this.client.get().uri("/actuator/workers/sweeper").exchange().expectStatus().isNotFound();
    }

    @Test
    void healthWhenReadShouldShowThePoolsAndTheWorkers() {
        this.client.get()
            .uri("/actuator/health")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.components.pools.status")
            .isEqualTo("UP")
            .jsonPath("$.components.pools.details.emails.state")
            .isEqualTo("RUNNING")
            .jsonPath("$.components.workers.status")
            .isEqualTo("UP")
            .jsonPath("$.components.workers.details.poller.restarts")
            .isEqualTo(0);
    }

    @Test
    void poolWhenWrittenWithTheDefaultAccessShouldBeRefusedNamingThePropertyThatGrantsIt() {
        post(this.client, "emails", "{\"maxWorkers\": 8}").expectStatus()
            .isEqualTo(405)
            .expectHeader()
            .valueEquals("Allow", "GET")
            .expectBody()
            .jsonPath("$.property")
            .isEqualTo("management.endpoint.pools.access")
            .jsonPath("$.message")
            .isEqualTo("Tuning a pool is not permitted: set management.endpoint.pools.access=unrestricted to allow it");
        assertThat(this.emails.stats().maxWorkers()).isEqualTo(4);
    }

    /**
     * With the write granted by the endpoint, but withheld by
     * {@code management.endpoints.access.max-permitted}.
     */
    @Nested
    @TestPropertySource(properties = { "management.endpoint.pools.access=unrestricted",
            "management.endpoints.access.max-permitted=read-only" })
    class AccessWithheld {

        @Autowired
        private RestTestClient client;

        @Test
        void poolWhenWrittenShouldBeRefusedNamingMaxPermitted() {
            post(this.client, "emails", "{\"maxWorkers\": 8}").expectStatus()
                .isEqualTo(405)
                .expectBody()
                .jsonPath("$.property")
                .isEqualTo("management.endpoints.access.max-permitted");
        }

    }

    private static ResponseSpec post(RestTestClient client, String pool, String json) {
        return client.post()
            .uri("/actuator/pools/" + pool)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .exchange();
    }

    /**
     * With {@code management.endpoint.pools.access=unrestricted}: the write operation, in
     * a context of its own.
     */
    @Nested
    @TestPropertySource(properties = "management.endpoint.pools.access=unrestricted")
    class UnrestrictedAccess {

        @Autowired
        private RestTestClient client;

        @Autowired
        @Qualifier("emails")
        private WorkerPool emails;

        @Autowired
        @Qualifier("reports")
        private WorkerPool reports;

        @Test
        void poolWhenWrittenShouldBeTunedAndAnswerTheTunedPool() {
            try {
                post(this.client, "emails", """
                        {"minWorkers": 2, "maxWorkers": 8, "queueCapacity": 20,
                         "permits": 100, "period": "2s", "burst": 5, "action": "pause"}
                        """).expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("PAUSED")
                    .jsonPath("$.settings.minWorkers")
                    .isEqualTo(2)
                    .jsonPath("$.settings.maxWorkers")
                    .isEqualTo(8)
                    .jsonPath("$.settings.queueCapacity")
                    .isEqualTo(20)
                    .jsonPath("$.settings.rateLimit.period")
                    .isEqualTo("PT2S");
                assertThat(this.emails.stats().maxWorkers()).isEqualTo(8);
                assertThat(this.emails.stats().state()).isEqualTo(PoolState.PAUSED);
                post(this.client, "emails", "{\"action\": \"resume\", \"removeRateLimit\": true}").expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("RUNNING")
                    .jsonPath("$.settings.rateLimited")
                    .isEqualTo(false);
            }
            finally {
                this.emails.tuning().resume();
            }
        }

        @Test
        void poolWhenWrittenShouldPinAndUnpinTheAdaptiveLimit() {
            post(this.client, "reports", "{\"adaptiveLimit\": 1}").expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.settings.adaptiveLimit.pinned")
                .isEqualTo(1)
                .jsonPath("$.stats.adaptiveLimit")
                .isEqualTo(1);
            post(this.client, "reports", "{\"unpinAdaptiveLimit\": true}").expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.settings.adaptiveLimit.pinned")
                .doesNotExist();
            assertThat(this.reports.settings().adaptiveLimitPinned()).isNull();
        }

        @Test
        void poolWhenWriteIsInvalidShouldAnswer400NamingFieldValueAndRuleAndChangeNothing() {
            PoolStats before = this.reports.stats();
            post(this.client, "reports", "{\"minWorkers\": 3, \"maxWorkers\": 2, \"queueCapacity\": 99}").expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.pool")
                .isEqualTo("reports")
                .jsonPath("$.violations.length()")
                .isEqualTo(1)
                .jsonPath("$.violations[0].field")
                .isEqualTo("maxWorkers")
                .jsonPath("$.violations[0].value")
                .isEqualTo(2)
                .jsonPath("$.violations[0].reason")
                .isEqualTo("maxWorkers must be >= minWorkers (3) but was 2 for pool 'reports'");
            assertThat(this.reports.stats().minWorkers()).isEqualTo(before.minWorkers());
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(2);
            assertThat(this.reports.stats().queueCapacity()).isEqualTo(before.queueCapacity());
        }

        @Test
        void poolWhenWriteHasAValueOfTheWrongTypeShouldAnswer400NamingIt() {
            post(this.client, "reports", "{\"maxWorkers\": \"many\", \"queueCapacity\": 2.5}").expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.violations[0].reason")
                .isEqualTo("maxWorkers must be a whole number but was 'many' for pool 'reports'")
                .jsonPath("$.violations[1].reason")
                .isEqualTo("queueCapacity must be a whole number but was '2.5' for pool 'reports'");
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(2);
        }

        @Test
        void poolWhenWriteHasAnUnknownMemberShouldAnswer400NamingItAndChangeNothing() {
            post(this.client, "reports", "{\"maxWorkers\": 3, \"maxWorker\": 8}").expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.pool")
                .isEqualTo("reports")
                .jsonPath("$.violations.length()")
                .isEqualTo(1)
                .jsonPath("$.violations[0].field")
                .isEqualTo("maxWorker")
                .jsonPath("$.violations[0].reason")
                .isEqualTo("unknown member 'maxWorker': the members are [minWorkers, maxWorkers, queueCapacity, "
                        + "permits, period, burst, removeRateLimit, action, adaptiveLimit, unpinAdaptiveLimit] "
                        + "for pool 'reports'");
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(2);
        }

        @Test
        void poolWhenWriteHasAnArrayOrAnObjectShouldAnswer400AsForAnyOtherInvalidValue() {
            post(this.client, "reports", "{\"maxWorkers\": [6], \"queueCapacity\": {}}").expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.violations[0].field")
                .isEqualTo("maxWorkers")
                .jsonPath("$.violations[0].reason")
                .isEqualTo("maxWorkers must be a whole number but was [6] for pool 'reports'")
                .jsonPath("$.violations[1].reason")
                .isEqualTo("queueCapacity must be a whole number but was {} for pool 'reports'");
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(2);
        }

        @Test
        void poolWhenWriteIsNotAJsonObjectShouldAnswer400() {
            post(this.client, "reports", "[6]").expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.violations[0].field")
                .isEqualTo("request");
        }

        @Test
        void poolWhenOneValueOfAWriteIsRefusedShouldChangeNothing() {
            PoolStats before = this.reports.stats();
            post(this.client, "reports", """
                    {"maxWorkers": 3, "queueCapacity": 7, "permits": 2000, "period": "1us"}
                    """).expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.violations[0].field")
                .isEqualTo("permits");
            assertThat(this.reports.stats().maxWorkers()).isEqualTo(before.maxWorkers());
            assertThat(this.reports.stats().queueCapacity()).isEqualTo(before.queueCapacity());
            assertThat(this.reports.settings().rateLimited()).isFalse();
        }

        @Test
        void poolWhenWrittenButUnknownShouldAnswer404() {
            post(this.client, "sms", "{\"maxWorkers\": 8}").expectStatus().isNotFound();
        }

    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Worker poller() {
            return (ctx) -> ctx.awaitStop();
        }

    }

}
