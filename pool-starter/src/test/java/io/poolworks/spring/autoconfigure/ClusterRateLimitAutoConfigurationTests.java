package io.poolworks.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.StoreFailurePolicy;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.spring.ClusterRateLimitCustomizer;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the rate limits shared in Redis that {@link PoolworksAutoConfiguration}
 * builds from {@code rate-limit.scope: cluster}, on the application's
 * {@code LettuceConnectionFactory} and a real Redis; and the startup failures that name
 * the property when the configuration or the class path cannot give one.
 */
class ClusterRateLimitAutoConfigurationTests {

    private static RedisServer redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "poolworks.pools.mail.max-workers=2",
                "poolworks.pools.mail.rate-limit.permits=20", "poolworks.pools.mail.rate-limit.burst=5");

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static String newKey() {
        return "test:" + UUID.randomUUID();
    }

    @Test
    void poolWhenScopeIsClusterShouldShareItsLimitInRedisAtTheDefaultKey() {
        this.runner
            .withPropertyValues("spring.application.name=shop-" + UUID.randomUUID(),
                    "poolworks.pools.mail.rate-limit.scope=cluster")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                WorkerPool mail = context.getBean("mail", WorkerPool.class);
                ClusterRateLimit limit = (ClusterRateLimit) mail.settings().startPermits();
                String key = "poolworks:" + context.getEnvironment().getProperty("spring.application.name") + ":mail";
                assertThat(limit.key()).isEqualTo(key);
                assertThat(limit.onStoreFailure()).isEqualTo(StoreFailurePolicy.PAUSE);
                assertThat(limit.rateLimit()).isEqualTo(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5));
                assertThat(mail.settings().rateLimit()).isEqualTo(limit.rateLimit());
                runOneTask(mail);
                assertThat(limit.stats().permitsTaken()).isEqualTo(1);
                assertThat(redis.command("EXISTS", key)).isEqualTo("1");
            });
    }

    @Test
    void poolWhenKeyPolicyAndDatabaseAreSetShouldUseThem() {
        String key = newKey();
        this.runner.withPropertyValues("spring.data.redis.database=5", "poolworks.pools.mail.rate-limit.scope=cluster",
                "poolworks.pools.mail.rate-limit.key=" + key, "poolworks.pools.mail.rate-limit.on-store-failure=local",
                "poolworks.pools.mail.rate-limit.request-timeout=2s")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                WorkerPool mail = context.getBean("mail", WorkerPool.class);
                ClusterRateLimit limit = (ClusterRateLimit) mail.settings().startPermits();
                assertThat(limit.key()).isEqualTo(key);
                assertThat(limit.onStoreFailure()).isEqualTo(StoreFailurePolicy.LOCAL);
                runOneTask(mail);
                assertThat(redis.command("EXISTS", key)).as("not in database 0").isEqualTo("0");
                assertThat(redis.command("INFO", "keyspace")).contains("db5:");
            });
    }

    @Test
    void scopeInTheDefaultsShouldShareTheLimitsOfThePoolsThatHaveOne() {
        this.runner
            .withPropertyValues("poolworks.defaults.rate-limit.scope=cluster",
                    "poolworks.defaults.rate-limit.on-store-failure=open", "poolworks.pools.reports.max-workers=1")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                WorkerPool mail = context.getBean("mail", WorkerPool.class);
                assertThat(mail.settings().startPermits()).isInstanceOfSatisfying(ClusterRateLimit.class,
                        (limit) -> assertThat(limit.onStoreFailure()).isEqualTo(StoreFailurePolicy.OPEN));
                assertThat(context.getBean("reports", WorkerPool.class).settings().rateLimited()).isFalse();
            });
    }

    @Test
    void poolWhenScopeIsLocalShouldKeepItsLimitInTheInstance() {
        this.runner.withPropertyValues("poolworks.pools.mail.rate-limit.scope=local").run((context) -> {
            WorkerPool mail = context.getBean("mail", WorkerPool.class);
            assertThat(mail.settings().startPermits()).isNotNull().isNotInstanceOf(ClusterRateLimit.class);
            assertThat(mail.settings().rateLimit()).isEqualTo(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5));
        });
    }

    @Test
    void customizerShouldAdjustTheLimitBeforeItIsBuilt() {
        List<String> customized = new ArrayList<>();
        ClusterRateLimitCustomizer customizer = (pool, builder) -> {
            customized.add(pool);
            builder.onStoreFailure(StoreFailurePolicy.OPEN);
        };
        this.runner.withBean(ClusterRateLimitCustomizer.class, () -> customizer)
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.key=" + newKey())
            .run((context) -> {
                ClusterRateLimit limit = (ClusterRateLimit) context.getBean("mail", WorkerPool.class)
                    .settings()
                    .startPermits();
                assertThat(limit.onStoreFailure()).isEqualTo(StoreFailurePolicy.OPEN);
                assertThat(customized).containsExactly("mail");
            });
    }

    @Test
    void limitWhenTheContextClosesShouldBeClosed() {
        List<ClusterRateLimit> limits = new ArrayList<>();
        this.runner
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.key=" + newKey())
            .run((context) -> {
                limits.add((ClusterRateLimit) context.getBean("mail", WorkerPool.class).settings().startPermits());
                assertThat(limits.get(0).tryAcquire()).isZero();
            });
        assertThatIllegalStateException().isThrownBy(limits.get(0)::tryAcquire).withMessageContaining("is closed");
    }

    @Test
    void contextWhenStoppedAndStartedAgainShouldFailLoudly() {
        this.runner
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.key=" + newKey())
            .run((context) -> {
                context.stop();
                assertThatExceptionOfType(ApplicationContextException.class).isThrownBy(context::start)
                    .havingRootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .withMessageContaining("cluster rate limits of pools [mail] were closed when the context stopped");
            });
    }

    @Test
    void scopeClusterWithoutAConnectionFactoryShouldFailNamingThePropertyAndTheDependency() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class))
            .withPropertyValues("poolworks.pools.mail.rate-limit.permits=20",
                    "poolworks.pools.mail.rate-limit.scope=cluster")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(),
                        "poolworks.pools.mail.rate-limit.scope", "cluster", "there is no RedisConnectionFactory bean");
                assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
                    .contains("set poolworks.pools.mail.rate-limit.scope to local");
            });
    }

    @Test
    void scopeClusterWithoutPoolworksRedisShouldFailNamingThePropertyAndTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader(ClusterRateLimit.class))
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(),
                        "poolworks.pools.mail.rate-limit.scope", "cluster",
                        "a rate limit shared in Redis needs io.poolworks:poolworks-redis on the class path");
                assertThat(analysis.getAction()).startsWith("Add io.poolworks:poolworks-redis");
            });
    }

    @Test
    void scopeClusterWithoutSpringDataRedisShouldFailNamingThePropertyAndTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.pools.mail.rate-limit.scope", "cluster",
                    "needs org.springframework.boot:spring-boot-starter-data-redis on the class path"));
    }

    @Test
    void contextWithoutRedisOnTheClassPathShouldStartItsLocalPools() {
        this.runner.withClassLoader(new FilteredClassLoader("io.poolworks.redis", "org.springframework.data.redis"))
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(LettuceClusterPermits.class);
                assertThat(context.getBean("mail", WorkerPool.class).settings().rateLimit()).isNotNull();
            });
    }

    @Test
    void emptyKeyShouldFailNamingTheProperty() {
        this.runner
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.key=  ")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.pools.mail.rate-limit.key", "",
                    "it must not be empty or blank"));
    }

    @Test
    void periodShorterThanTheBucketInRedisCountsShouldFailNamingTheProperty() {
        this.runner
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.permits=1", "poolworks.pools.mail.rate-limit.period=500us")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.pools.mail.rate-limit.period", "500us",
                    "it must be at least 1ms for a cluster rate limit"));
    }

    @Test
    void permitsTheBucketCannotHoldShouldFailNamingTheProperty() {
        this.runner
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster",
                    "poolworks.pools.mail.rate-limit.permits=2000", "poolworks.pools.mail.rate-limit.period=1us")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.pools.mail.rate-limit.permits", "2000",
                    "it must be at most one per nanosecond of the period"));
    }

    @Test
    void keyWithoutScopeClusterShouldFailNamingTheProperty() {
        this.runner.withPropertyValues("poolworks.pools.mail.rate-limit.key=mail-provider")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.pools.mail.rate-limit.key",
                    "mail-provider", "it only applies to a rate limit shared in Redis, and the scope is local"));
    }

    @Test
    void scopeWithoutPermitsShouldFailNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class))
            .withPropertyValues("poolworks.pools.mail.rate-limit.scope=cluster")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.pools.mail.rate-limit.scope", "cluster",
                    "a rate limit needs permits"));
    }

    @Test
    void redisThatDoesNotAnswerAtStartupShouldFailNamingThePropertyAndWhere() throws IOException {
        RedisServer stopped = RedisServer.start();
        int port = stopped.port();
        stopped.close();
        this.runner
            .withPropertyValues("spring.data.redis.port=" + port, "poolworks.pools.mail.rate-limit.scope=cluster")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(),
                        "poolworks.pools.mail.rate-limit.scope", "cluster",
                        "pool 'mail' could not connect to Redis (localhost:" + port + ", database 0)");
                assertThat(analysis.getAction()).startsWith("Start Redis or point spring.data.redis.* at it");
            });
    }

    @Test
    void readmeYamlShouldShareTheMailLimitInRedis() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher yaml = Pattern.compile("```yaml\n(spring:\n.*?scope: cluster.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(yaml.find()).as("the yaml block of a rate limit shared in Redis in README.md").isTrue();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("README.md",
                new ByteArrayResource(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class))
            .withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addLast))
            // Where the test's Redis is, instead of redis.internal.
            .withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port())
            .run((context) -> {
                assertThat(context).hasNotFailed();
                ClusterRateLimit limit = (ClusterRateLimit) context.getBean("mail", WorkerPool.class)
                    .settings()
                    .startPermits();
                assertThat(limit.key()).isEqualTo("mail-provider");
                assertThat(limit.onStoreFailure()).isEqualTo(StoreFailurePolicy.PAUSE);
                assertThat(limit.rateLimit()).isEqualTo(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5));
            });
    }

    @Test
    void refreshThatRemovesASharedLimitShouldBeRefusedNamingTheProperty() {
        Map<String, Object> live = sharedMailLimit();
        try (LogCapture log = LogCapture.of(PoolsRefresh.class)) {
            refreshRunner(live).run((context) -> {
                WorkerPool mail = context.getBean("mail", WorkerPool.class);
                ClusterRateLimit limit = (ClusterRateLimit) mail.settings().startPermits();
                live.keySet().removeIf((key) -> key.startsWith("poolworks.pools.mail.rate-limit."));
                context
                    .publishEvent(new EnvironmentChangeEvent(context, Set.of("poolworks.pools.mail.rate-limit.permits",
                            "poolworks.pools.mail.rate-limit.scope", "poolworks.pools.mail.rate-limit.key")));
                assertThat(mail.settings().startPermits()).isSameAs(limit);
                assertThat(limit.tryAcquire()).as("still open").isZero();
            });
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .contains("poolworks.pools.mail.rate-limit.permits was (removed) but pool 'mail' shares its rate "
                        + "limit in Redis");
        }
    }

    @Test
    void refreshToAPeriodRedisCannotHoldShouldBeRefusedNamingTheProperty() {
        Map<String, Object> live = sharedMailLimit();
        try (LogCapture log = LogCapture.of(PoolsRefresh.class)) {
            refreshRunner(live).run((context) -> {
                WorkerPool mail = context.getBean("mail", WorkerPool.class);
                live.put("poolworks.pools.mail.rate-limit.period", "500us");
                live.put("poolworks.pools.mail.max-workers", "3");
                context.publishEvent(new EnvironmentChangeEvent(context,
                        Set.of("poolworks.pools.mail.rate-limit.period", "poolworks.pools.mail.max-workers")));
                assertThat(mail.settings().rateLimit()).isEqualTo(RateLimit.of(20, Duration.ofSeconds(1)));
                assertThat(mail.stats().maxWorkers()).as("nothing applied").isEqualTo(2);
            });
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .contains("poolworks.pools.mail.rate-limit.period was 500us but it must be at least 1ms for a "
                        + "cluster rate limit");
        }
    }

    private static Map<String, Object> sharedMailLimit() {
        Map<String, Object> live = new HashMap<>();
        live.put("poolworks.pools.mail.max-workers", "2");
        live.put("poolworks.pools.mail.rate-limit.permits", "20");
        live.put("poolworks.pools.mail.rate-limit.scope", "cluster");
        live.put("poolworks.pools.mail.rate-limit.key", newKey());
        return live;
    }

    private static ApplicationContextRunner refreshRunner(Map<String, Object> live) {
        return new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.port=" + redis.port())
            .withInitializer((context) -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("live", live)));
    }

    private static void runOneTask(WorkerPool pool) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private static FailureAnalysis analysis(Throwable failure, String property, String value, String rule) {
        assertThat(failure).as("startup failure").isNotNull();
        FailureAnalysis analysis = new PoolworksFailureAnalyzer(new StandardEnvironment()).analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(InvalidPoolPropertyException.class);
        assertThat(analysis.getDescription()).contains("Property: " + property + "\n")
            .contains("Value: " + value + "\n")
            .contains(rule);
        assertThat(analysis.getAction()).isNotBlank();
        return analysis;
    }

}
