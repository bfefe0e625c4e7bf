package io.poolworks.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

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
                        "it must be >= 0"),
                bad("poolworks.pools.emails.max-workers=0", "poolworks.pools.emails.max-workers", "0",
                        "it must be >= 1"),
                bad("poolworks.pools.emails.max-workers=40000", "poolworks.pools.emails.max-workers", "40000",
                        "it must be <= 32767"),
                bad("poolworks.pools.emails.min-workers=4,poolworks.pools.emails.max-workers=2",
                        "poolworks.pools.emails.max-workers", "2",
                        "it must be >= min-workers (4 from poolworks.pools.emails.min-workers)"),
                bad("poolworks.defaults.max-workers=0,poolworks.pools.emails.queue-capacity=3",
                        "poolworks.defaults.max-workers", "0", "it must be >= 1"),
                bad("poolworks.pools.emails.queue-capacity=-5", "poolworks.pools.emails.queue-capacity", "-5",
                        "it must be >= 0"),
                bad("poolworks.pools.emails.rate-limit.permits=10,poolworks.pools.emails.rate-limit.burst=0",
                        "poolworks.pools.emails.rate-limit.burst", "0", "it must be >= 1"),
                bad("poolworks.pools.emails.rate-limit.permits=0", "poolworks.pools.emails.rate-limit.permits", "0",
                        "it must be >= 1"),
                bad("poolworks.pools.emails.rate-limit.permits=5,poolworks.pools.emails.rate-limit.period=0s",
                        "poolworks.pools.emails.rate-limit.period", "0s", "it must be positive"),
                bad("poolworks.pools.emails.rate-limit.permits=2000,poolworks.pools.emails.rate-limit.period=1us",
                        "poolworks.pools.emails.rate-limit.permits", "2000",
                        "it must be at most one per nanosecond of the period"),
                bad("poolworks.pools.emails.rate-limit.burst=5", "poolworks.pools.emails.rate-limit.burst", "5",
                        "a rate limit needs permits"),
                bad("poolworks.pools.emails.adaptive.min=2", "poolworks.pools.emails.adaptive.min", "2",
                        "an adaptive limit needs an algorithm"),
                bad("poolworks.pools.emails.adaptive.algorithm=vegas,poolworks.pools.emails.adaptive.min=0",
                        "poolworks.pools.emails.adaptive.min", "0", "it must be >= 1"),
                bad("poolworks.pools.emails.max-workers=4,poolworks.defaults.adaptive.algorithm=aimd,"
                        + "poolworks.pools.emails.adaptive.max=8", "poolworks.pools.emails.adaptive.max", "8",
                        "it must be <= max-workers (4)"),
                bad("poolworks.pools.emails.max-workers=8,poolworks.pools.emails.adaptive.algorithm=gradient2,"
                        + "poolworks.pools.emails.adaptive.min=3,poolworks.pools.emails.adaptive.initial=2",
                        "poolworks.pools.emails.adaptive.initial", "2",
                        "it must be between adaptive.min (3) and adaptive.max (8)"),
                bad("poolworks.pools.emails.priority-aging=5s", "poolworks.pools.emails.priority-aging", "5s",
                        "it needs queue-order PRIORITY"),
                bad("poolworks.pools.emails.idle-timeout=0s", "poolworks.pools.emails.idle-timeout", "0s",
                        "it must be positive"),
                bad("poolworks.pools.emails.block-timeout=-1s", "poolworks.pools.emails.block-timeout", "-1s",
                        "it must be positive"),
                bad("poolworks.pools.emails.drain-timeout=-2s", "poolworks.pools.emails.drain-timeout", "-2s",
                        "it must be >= 0"),
                bad("poolworks.pools.emails.thread-name-prefix=  ", "poolworks.pools.emails.thread-name-prefix", "",
                        "it must not be blank"),
                bad("poolworks.pools.emails.drain-timeout=40s", "poolworks.pools.emails.drain-timeout", "40s",
                        "must fit in spring.lifecycle.timeout-per-shutdown-phase (30s)"),
                bad("spring.lifecycle.timeout-per-shutdown-phase=10s,poolworks.defaults.drain-timeout=8s,"
                        + "poolworks.pools.emails.termination-grace=5s", "poolworks.defaults.drain-timeout", "8s",
                        "may need 13s to shut down (drain-timeout 8s + termination-grace 5s)"),
                bad("poolworks.pools.emails.drain-timeout=22000ms,spring.lifecycle.timeout-per-shutdown-phase=20s",
                        "poolworks.pools.emails.drain-timeout", "22000ms", "may need 27s to shut down"));
    }

    static Stream<Arguments> badWorkerConfigurations() {
        return Stream.of(
                bad("poolworks.workers.shutdown-timeout=60s", "poolworks.workers.shutdown-timeout", "60s",
                        "it must fit in spring.lifecycle.timeout-per-shutdown-phase (30s)"),
                bad("poolworks.workers.shutdown-timeout=-1s", "poolworks.workers.shutdown-timeout", "-1s",
                        "it must be >= 0"),
                bad("poolworks.workers.failure-policy=restart,poolworks.workers.restart.jitter=2",
                        "poolworks.workers.restart.jitter", "2", "it must be within [0, 1]"),
                bad("poolworks.workers.failure-policy=restart,poolworks.workers.restart.initial-backoff=5s,"
                        + "poolworks.workers.restart.max-backoff=1s", "poolworks.workers.restart.max-backoff", "1s",
                        "it must be >= initial (PT5S)"),
                bad("poolworks.workers.overrides.poller.failure-policy=restart,"
                        + "poolworks.workers.overrides.poller.restart.max-restarts=-1",
                        "poolworks.workers.overrides.poller.restart.max-restarts", "-1", "it must be >= 0"));
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

    static Stream<Arguments> typos() {
        return Stream.of(Arguments.of("""
                poolworks:
                  pools:
                    emails:
                      max-worker: 8
                """, "poolworks.pools.emails.max-worker", "8", "4:19", "poolworks.pools.emails.max-workers"),
                Arguments.of("""
                        poolworks:
                          pools:
                            emails:
                              max-workers: 8
                              queue-capasity: 100
                        """, "poolworks.pools.emails.queue-capasity", "100", "5:23",
                        "poolworks.pools.emails.queue-capacity"),
                Arguments.of("""
                        poolworks:
                          pool:
                            emails:
                              drain-timeout: 22s
                        """, "poolworks.pool.emails.drain-timeout", "22s", "4:22",
                        "poolworks.pools.emails.drain-timeout"),
                Arguments.of("""
                        poolworks:
                          workers:
                            shutdown-timout: 5s
                        """, "poolworks.workers.shutdown-timout", "5s", "3:22", "poolworks.workers.shutdown-timeout"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("typos")
    void misspelledKeyWhenStartingShouldFailNamingItsOriginAndTheClosestKey(String yaml, String property, String value,
            String line, String suggestion) {
        List<Environment> environment = new ArrayList<>();
        this.runner.withInitializer((context) -> {
            yaml(yaml).forEach(context.getEnvironment().getPropertySources()::addFirst);
            environment.add(context.getEnvironment());
        }).run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = assertAnalysis(context.getStartupFailure(), property, value,
                    "it is not a Poolworks property", environment.get(0));
            assertThat(analysis.getDescription()).contains("Origin: class path resource [application.yml] - " + line);
            assertThat(analysis.getAction()).startsWith("Did you mean " + suggestion + "?");
        });
    }

    @Test
    void unknownKeyFarFromAnyWhenStartingShouldFailWithoutASuggestion() {
        this.runner.withPropertyValues("poolworks.pools.emails.colour=blue").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = assertAnalysis(context.getStartupFailure(), "poolworks.pools.emails.colour",
                    "blue", "it is not a Poolworks property");
            assertThat(analysis.getAction()).doesNotContain("Did you mean");
        });
    }

    @Test
    void unknownKeyInTheSystemEnvironmentShouldBeIgnoredAsBootDoes() {
        this.runner.withSystemProperties("poolworks.pools.emails.max-worker=3")
            .withPropertyValues("poolworks.pools.emails.max-workers=2")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWorkerConfigurations")
    void badWorkerConfigurationWhenStartingShouldFailNamingPropertyValueRuleAndFix(String properties, String property,
            String value, String rule) {
        this.runner.withPropertyValues(properties.split(","))
            .withUserConfiguration(PollerWorker.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertAnalysis(context.getStartupFailure(), property, value, rule);
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
            assertAnalysis(context.getStartupFailure(), "spring.lifecycle.timeout-per-shutdown-phase", "30s",
                    "pool 'slow' may need 45s to shut down");
        });
    }

    @Test
    void virtualThreadsBeforeJava21WhenStartingShouldFail() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 21, "Java 21+ has virtual threads");
        this.runner.withPropertyValues("poolworks.pools.emails.virtual-threads=true").run((context) -> {
            assertThat(context).hasFailed();
            assertAnalysis(context.getStartupFailure(), "poolworks.pools.emails.virtual-threads", "true",
                    "it needs Java 21 or later");
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
            .contains("Rule: it must be >= 1\n")
            .contains("Set poolworks.pools.emails.max-workers to 1 or more");
    }

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args).close();
    }

    private static FailureAnalysis assertAnalysis(Throwable failure, String property, String value, String rule) {
        return assertAnalysis(failure, property, value, rule, new StandardEnvironment());
    }

    private static FailureAnalysis assertAnalysis(Throwable failure, String property, String value, String rule,
            Environment environment) {
        FailureAnalysis analysis = new PoolworksFailureAnalyzer(environment).analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(InvalidPoolPropertyException.class);
        assertThat(analysis.getDescription()).contains("Property: " + property + "\n")
            .contains("Value: " + value + "\n")
            .contains("Rule: ")
            .contains(rule);
        assertThat(analysis.getAction()).isNotBlank();
        return analysis;
    }

    private static List<PropertySource<?>> yaml(String yaml) {
        try {
            // Named as a user's file, so that the origin reads as it would there.
            return new YamlPropertySourceLoader().load("application.yml",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)) {
                        @Override
                        public String getDescription() {
                            return "class path resource [application.yml]";
                        }
                    });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(PoolworksAutoConfiguration.class)
    static class Application {

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
