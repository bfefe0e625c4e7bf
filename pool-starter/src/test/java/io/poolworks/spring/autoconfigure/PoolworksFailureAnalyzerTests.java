package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.stream.Stream;

import io.poolworks.WorkerPool;
import io.poolworks.conductor.Worker;
import io.poolworks.spring.InvalidPoolPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configurations stop startup with a message that names the property, the value, the
 * rule and the fix; none may start silently.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolworksFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolworksWorkersAutoConfiguration.class));

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                bad("poolworks.pools.emails.min-workers=-1", "poolworks.pools.emails.min-workers", "-1",
                        "must be >= 0"),
                bad("poolworks.pools.emails.max-workers=0", "poolworks.pools.emails.max-workers", "0", "must be >= 1"),
                bad("poolworks.pools.emails.min-workers=4,poolworks.pools.emails.max-workers=2",
                        "poolworks.pools.emails.max-workers", "2", "must be >= min-workers (4"),
                bad("poolworks.defaults.max-workers=0,poolworks.pools.emails.queue-capacity=3",
                        "poolworks.defaults.max-workers", "0", "must be >= 1"),
                bad("poolworks.pools.emails.queue-capacity=-5", "poolworks.pools.emails.queue-capacity", "-5",
                        "must be >= 0"),
                bad("poolworks.pools.emails.rate-limit.permits=10,poolworks.pools.emails.rate-limit.burst=0",
                        "poolworks.pools.emails.rate-limit.burst", "0", "must be >= 1"),
                bad("poolworks.pools.emails.rate-limit.permits=0", "poolworks.pools.emails.rate-limit.permits", "0",
                        "must be >= 1"),
                bad("poolworks.pools.emails.rate-limit.permits=5,poolworks.pools.emails.rate-limit.period=0s",
                        "poolworks.pools.emails.rate-limit.period", "PT0S", "must be positive"),
                bad("poolworks.pools.emails.rate-limit.burst=5", "poolworks.pools.emails.rate-limit.burst", "5",
                        "a rate limit needs permits"),
                bad("poolworks.pools.emails.priority-aging=5s", "poolworks.pools.emails.priority-aging", "PT5S",
                        "needs queue-order 'priority'"),
                bad("poolworks.pools.emails.idle-timeout=0s", "poolworks.pools.emails.idle-timeout", "PT0S",
                        "must be positive"),
                bad("poolworks.pools.emails.block-timeout=-1s", "poolworks.pools.emails.block-timeout", "PT-1S",
                        "must be positive"),
                bad("poolworks.pools.emails.drain-timeout=-2s", "poolworks.pools.emails.drain-timeout", "PT-2S",
                        "must not be negative"),
                bad("poolworks.pools.emails.thread-name-prefix=  ", "poolworks.pools.emails.thread-name-prefix", "''",
                        "must not be blank"),
                bad("poolworks.pools.emails.drain-timeout=40s", "poolworks.pools.emails.drain-timeout", "PT40S",
                        "must fit in spring.lifecycle.timeout-per-shutdown-phase (PT30S)"),
                bad("spring.lifecycle.timeout-per-shutdown-phase=10s,poolworks.defaults.drain-timeout=8s,"
                        + "poolworks.pools.emails.termination-grace=5s", "poolworks.defaults.drain-timeout", "PT8S",
                        "may need PT13S to shut down"),
                bad("poolworks.workers.shutdown-timeout=60s", "poolworks.workers.shutdown-timeout", "PT1M",
                        "must fit in spring.lifecycle.timeout-per-shutdown-phase"),
                bad("poolworks.workers.failure-policy=restart,poolworks.workers.restart.jitter=2",
                        "poolworks.workers.restart.jitter", "2.0", "must be within [0, 1]"),
                bad("poolworks.workers.failure-policy=restart,poolworks.workers.restart.initial-backoff=5s,"
                        + "poolworks.workers.restart.max-backoff=1s", "poolworks.workers.restart.max-backoff", "PT1S",
                        "must be >= restart.initial-backoff"));
    }

    private static Arguments bad(String properties, String property, String value, String rule) {
        return Arguments.of(properties, property, value, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void badConfigurationWhenStartingShouldFailNamingPropertyValueRuleAndFix(String properties, String property,
            String value, String rule) {
        this.runner.withPropertyValues(properties.split(",")).run((context) -> {
            assertThat(context).hasFailed();
            assertAnalysis(context.getStartupFailure(), property, value, rule);
        });
    }

    @Test
    void poolNamedLikeAnotherBeanWhenStartingShouldFailNamingBoth() {
        this.runner.withPropertyValues("poolworks.pools.clock.max-workers=2")
            .withUserConfiguration(ClockBean.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertAnalysis(context.getStartupFailure(), "poolworks.pools.clock", "clock",
                        "a bean named 'clock' already exists");
            });
    }

    @Test
    void overrideOfAnUnknownWorkerWhenStartingShouldFailListingTheWorkers() {
        this.runner.withPropertyValues("poolworks.workers.overrides.pollr.failure-policy=ignore")
            .withUserConfiguration(PollerWorker.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertAnalysis(context.getStartupFailure(), "poolworks.workers.overrides.pollr", "pollr",
                        "the workers are [poller]");
            });
    }

    @Test
    void userPoolBeanThatCannotDrainInTheShutdownPhaseWhenStartingShouldFail() {
        this.runner.withUserConfiguration(SlowDrainingPool.class).run((context) -> {
            assertThat(context).hasFailed();
            assertAnalysis(context.getStartupFailure(), "spring.lifecycle.timeout-per-shutdown-phase", "PT30S",
                    "pool 'slow' may need PT45S to shut down");
        });
    }

    @Test
    void virtualThreadsBeforeJava21WhenStartingShouldFail() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 21, "Java 21+ has virtual threads");
        this.runner.withPropertyValues("poolworks.pools.emails.virtual-threads=true").run((context) -> {
            assertThat(context).hasFailed();
            assertAnalysis(context.getStartupFailure(), "poolworks.pools.emails.virtual-threads", "true",
                    "virtual threads need Java 21 or later");
        });
    }

    @Test
    void unknownQueueOrderWhenStartingShouldFailThroughBootsBindingReport(CapturedOutput output) {
        assertThatException().isThrownBy(() -> start("--poolworks.pools.emails.queue-order=lifo"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("poolworks.pools.emails.queue-order")
            .contains("lifo")
            .contains("FIFO")
            .contains("PRIORITY");
    }

    @Test
    void invalidPoolWhenStartingAnApplicationShouldPrintTheAnalysis(CapturedOutput output) {
        assertThatException().isThrownBy(() -> start("--poolworks.pools.emails.max-workers=0"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Invalid Poolworks configuration")
            .contains("Property: poolworks.pools.emails.max-workers")
            .contains("Value: 0")
            .contains("Origin: \"poolworks.pools.emails.max-workers\" from property source \"commandLineArgs\"")
            .contains("Rule: it must be >= 1")
            .contains("Set poolworks.pools.emails.max-workers to 1 or more");
    }

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args).close();
    }

    private static void assertAnalysis(Throwable failure, String property, String value, String rule) {
        FailureAnalysis analysis = new PoolworksFailureAnalyzer(new StandardEnvironment()).analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(InvalidPoolPropertyException.class);
        assertThat(analysis.getDescription()).contains("Property: " + property)
            .contains("Value: " + value)
            .contains("Rule: ")
            .contains(rule);
        assertThat(analysis.getAction()).isNotBlank();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(PoolworksAutoConfiguration.class)
    static class Application {

    }

    @Configuration(proxyBeanMethods = false)
    static class ClockBean {

        @Bean
        java.time.Clock clock() {
            return java.time.Clock.systemUTC();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PollerWorker {

        @Bean
        Worker poller() {
            return (ctx) -> ctx.awaitStop();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class SlowDrainingPool {

        @Bean(defaultCandidate = false)
        WorkerPool slow() {
            return WorkerPool.builder("slow").drainTimeout(Duration.ofSeconds(40)).build();
        }

    }

}
