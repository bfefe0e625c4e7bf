package io.poolworks.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;

import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.WorkerState;
import io.poolworks.conductor.WorkerStatus;
import io.poolworks.redis.StreamHandler;
import io.poolworks.redis.StreamSource;
import io.poolworks.redis.testing.RedisServer;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.StreamSourceRegistry;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.testing.LogCapture;
import io.poolworks.spring.testing.OrderHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the Redis streams that {@link PoolworksAutoConfiguration} builds from
 * {@code poolworks.streams.<binding>} on the application's
 * {@code LettuceConnectionFactory} and a real Redis, run as workers of the application's
 * conductor; and the startup failures that name the property of a binding that cannot
 * work.
 */
class StreamsAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static RedisServer redis;

    private final String stream = "orders:" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                PoolworksWorkersAutoConfiguration.class))
        .withPropertyValues("spring.application.name=shop", "spring.data.redis.port=" + redis.port(),
                "poolworks.pools.ingest.max-workers=2", "poolworks.pools.ingest.queue-capacity=10",
                "poolworks.streams.orders.stream=" + this.stream, "poolworks.streams.orders.group=order-workers",
                "poolworks.streams.orders.pool=ingest");

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void bindingShouldFeedItsPoolFromTheStreamAsAWorkerOfTheApplication() {
        this.runner.withUserConfiguration(OrderHandler.class).withBean(Qualified.class).run((context) -> {
            assertThat(context).hasNotFailed();
            OrderHandler orders = context.getBean(OrderHandler.class);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(OrderHandler.add(redis, this.stream, "order", Integer.toString(i)));
            }
            await().atMost(TIMEOUT).until(() -> orders.handled.containsAll(ids));

            StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
            assertThat(context.getBean(Qualified.class).source).isSameAs(source);
            assertThat(source.stream()).isEqualTo(this.stream);
            assertThat(source.group()).isEqualTo("order-workers");
            assertThat(source.consumer()).matches("shop-[0-9a-f]{12}");
            assertThat(source.deadLetter()).isEqualTo(this.stream + ":dead");
            assertThat(source.claimIdle()).isEqualTo(StreamSource.Builder.DEFAULT_CLAIM_IDLE);
            assertThat(context.getBean(StreamSourceRegistry.class).find("orders")).hasValueSatisfying((binding) -> {
                assertThat(binding.source()).isSameAs(source);
                assertThat(binding.pool()).isEqualTo("ingest");
            });
            Conductor conductor = context.getBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME,
                    Conductor.class);
            assertThat(conductor.status()).extracting(WorkerStatus::name, WorkerStatus::state)
                .containsExactly(tuple("ordersStreamSource", WorkerState.RUNNING));
            await().atMost(TIMEOUT).until(() -> source.backlog().pending() == 0);
        });
    }

    @Test
    void bindingSettingsShouldReachTheSource() {
        this.runner.withUserConfiguration(OrderHandler.class, OtherHandler.class)
            .withPropertyValues("spring.data.redis.database=3", "poolworks.streams.orders.handler=shipping",
                    "poolworks.streams.orders.consumer=shop-1", "poolworks.streams.orders.claim-idle=45s",
                    "poolworks.streams.orders.max-deliveries=3", "poolworks.streams.orders.dead-letter=orders:poison",
                    "poolworks.streams.orders.batch-size=10", "poolworks.streams.orders.poll-timeout=200ms",
                    "poolworks.streams.orders.request-timeout=1s")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
                assertThat(source.consumer()).isEqualTo("shop-1");
                assertThat(source.claimIdle()).isEqualTo(Duration.ofSeconds(45));
                assertThat(source.maxDeliveries()).isEqualTo(3);
                assertThat(source.deadLetter()).isEqualTo("orders:poison");
                // One command on database 3: the fixture opens a connection per command.
                String id = redis.command("EVAL",
                        "redis.call('SELECT', 3) return redis.call('XADD', KEYS[1], '*', " + "'order', '1')", "1",
                        this.stream);
                OtherHandler shipping = context.getBean(OtherHandler.class);
                await().atMost(TIMEOUT).until(() -> shipping.handled.contains(id));
                assertThat(context.getBean(OrderHandler.class).calls).as("not the bean named like the binding")
                    .isEmpty();
            });
    }

    @Test
    void defaultConsumerShouldBeUniquePerInstance() {
        List<String> consumers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            this.runner.withUserConfiguration(OrderHandler.class)
                .run((context) -> consumers.add(context.getBean("ordersStreamSource", StreamSource.class).consumer()));
        }
        assertThat(consumers).hasSize(2).doesNotHaveDuplicates().allMatch((consumer) -> consumer.startsWith("shop-"));
    }

    @Test
    void poolWithCallerRunsOrBlockSaturationShouldBeAcceptedForTheSourceNeverWaitsOnIt() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.pools.ingest.saturation=caller-runs",
                    "poolworks.pools.blocking.saturation=block",
                    "poolworks.streams.other.stream=" + this.stream + ":other", "poolworks.streams.other.group=g",
                    "poolworks.streams.other.pool=blocking", "poolworks.streams.other.handler=orders")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(StreamSourceRegistry.class).bindings()).hasSize(2);
            });
    }

    @Test
    void entriesTheDrainDidNotStartShouldStayPendingAndNotBeReportedAsLost() {
        List<ShutdownReport> handed = new CopyOnWriteArrayList<>();
        Runnable plain = () -> {
        };
        long[] delivered = new long[1];
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            this.runner.withUserConfiguration(OrderHandler.class)
                .withBean(UnfinishedTaskHandler.class, () -> handed::add)
                .withPropertyValues("poolworks.pools.ingest.min-workers=1", "poolworks.pools.ingest.max-workers=1",
                        "poolworks.pools.ingest.drain-timeout=100ms", "poolworks.pools.ingest.termination-grace=5s")
                .run((context) -> {
                    OrderHandler orders = context.getBean(OrderHandler.class);
                    WorkerPool ingest = context.getBean("ingest", WorkerPool.class);
                    OrderHandler.add(redis, this.stream, "hold", "yes");
                    assertThat(orders.holding.await(30, TimeUnit.SECONDS)).isTrue();
                    for (int i = 0; i < 5; i++) {
                        OrderHandler.add(redis, this.stream, "order", Integer.toString(i));
                    }
                    await().atMost(TIMEOUT).until(() -> ingest.stats().queued() == 5);
                    ingest.execute(plain);
                    delivered[0] = context.getBean("ordersStreamSource", StreamSource.class).stats().delivered();
                });
            // The entry held while the drain ran out was interrupted; none was
            // acknowledged.
            assertThat(delivered[0]).isEqualTo(6);
            assertThat(redis.command("XPENDING", this.stream, "order-workers").split("\n")[0]).isEqualTo("6");
            assertThat(handed).as("reports handed to UnfinishedTaskHandler beans")
                .singleElement()
                .satisfies((report) -> {
                    assertThat(report.poolName()).isEqualTo("ingest");
                    assertThat(report.unstarted()).containsExactly(plain);
                });
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .startsWith("Pool 'ingest' drained in ")
                .contains(
                        ", 1 unstarted [" + plain + "], 5 stream entries not started, which stay pending in Redis for "
                                + "another instance or the next start ('" + this.stream
                                + "': 5), 1 cancelled while running [entry ")
                .contains("of stream '" + this.stream + "'");
        }
    }

    @Test
    void drainThatLeftOnlyStreamEntriesUnstartedShouldSayItAtInfo() {
        List<ShutdownReport> handed = new CopyOnWriteArrayList<>();
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            // One start a minute: the first entry runs, the next two wait for a permit.
            this.runner.withUserConfiguration(OrderHandler.class)
                .withBean(UnfinishedTaskHandler.class, () -> handed::add)
                .withPropertyValues("poolworks.pools.ingest.rate-limit.permits=1",
                        "poolworks.pools.ingest.rate-limit.period=1m", "poolworks.pools.ingest.drain-timeout=100ms")
                .run((context) -> {
                    WorkerPool ingest = context.getBean("ingest", WorkerPool.class);
                    StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
                    for (int i = 0; i < 3; i++) {
                        OrderHandler.add(redis, this.stream, "order", Integer.toString(i));
                    }
                    await().atMost(TIMEOUT)
                        .until(() -> source.stats().acknowledged() == 1 && ingest.stats().queued() == 2);
                });
            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(log.messages(Level.INFO)).filteredOn((line) -> line.startsWith("Pool 'ingest' drained"))
                .singleElement()
                .asString()
                .endsWith(" 0 failed while draining, 2 stream entries not started, which stay pending in Redis for "
                        + "another instance or the next start ('" + this.stream + "': 2)");
        }
        assertThat(handed).as("nothing for UnfinishedTaskHandler beans").isEmpty();
        assertThat(redis.command("XPENDING", this.stream, "order-workers").split("\\n")[0]).isEqualTo("2");
    }

    @Test
    void contextWhenStoppedAndStartedAgainShouldFailLoudly() {
        this.runner.withUserConfiguration(OrderHandler.class).run((context) -> {
            ConfigurableApplicationContext source = context
                .getSourceApplicationContext(ConfigurableApplicationContext.class);
            source.stop();
            assertThatExceptionOfType(ApplicationContextException.class).isThrownBy(source::start)
                .havingRootCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessageContaining("stream sources of bindings [orders] were closed when the context stopped");
        });
    }

    @Test
    void contextWithoutStreamsShouldNeedNoRedis() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.port=1", "poolworks.pools.ingest.max-workers=2")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(StreamSourceRegistry.class)
                .doesNotHaveBean(Conductor.class));
    }

    @Test
    void unknownPoolShouldFailNamingThePropertyAndThePools() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.streams.orders.pool=injest")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "poolworks.streams.orders.pool",
                        "injest", "there is no pool by that name; the pools are [ingest]");
                assertThat(analysis.getAction()).contains("Set poolworks.streams.orders.pool to one of [ingest]");
            });
    }

    @Test
    void missingPoolShouldFailNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class))
            .withUserConfiguration(OrderHandler.class)
            .withPropertyValues("spring.data.redis.port=" + redis.port(), "poolworks.streams.orders.group=g")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders.pool", "null",
                    "a stream binding needs the pool that runs its handler"));
    }

    @Test
    void missingGroupShouldFailNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class))
            .withUserConfiguration(OrderHandler.class)
            .withPropertyValues("spring.data.redis.port=" + redis.port(), "poolworks.pools.ingest.max-workers=2",
                    "poolworks.streams.orders.pool=ingest")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders.group", "null",
                    "a stream binding needs the consumer group that the instances of the application share"));
    }

    @Test
    void missingHandlerBeanShouldFailNamingThePropertyAndTheBeanItLookedFor() {
        this.runner.run((context) -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure(), "poolworks.streams.orders.handler", "null",
                    "there is no bean 'orders' (the binding's name, when poolworks.streams.orders.handler is not set)");
            assertThat(analysis.getAction()).startsWith("Declare a StreamHandler bean named 'orders'");
        });
    }

    @Test
    void handlerThatIsNotAStreamHandlerShouldFailNamingThePropertyAndTheHandlers() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withBean("shipping", String.class, () -> "not a handler")
            .withPropertyValues("poolworks.streams.orders.handler=shipping")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "poolworks.streams.orders.handler",
                        "shipping",
                        "bean 'shipping' is a class java.lang.String, not an io.poolworks.redis.StreamHandler");
                assertThat(analysis.getAction()).contains("(there are [orders])");
            });
    }

    @Test
    void maxDeliveriesBelowOneShouldFailNamingTheProperty() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.streams.orders.max-deliveries=0")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders.max-deliveries", "0",
                    "it must be >= 1"));
    }

    @Test
    void deadLetterThatIsTheStreamItselfShouldFailNamingTheProperty() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.streams.orders.dead-letter=" + this.stream)
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders.dead-letter", this.stream,
                    "it must not be the stream it collects from"));
    }

    @Test
    void claimIdleShorterThanAMillisecondShouldFailNamingTheProperty() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.streams.orders.claim-idle=500us")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders.claim-idle", "500us",
                    "it must be at least 1ms"));
    }

    @Test
    void poolWithMaxQueueWaitShouldFailNamingThePoolPropertyAndTheFix() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.pools.ingest.max-queue-wait=5s")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "poolworks.streams.orders.pool",
                        "ingest", "pool 'ingest' has a max-queue-wait (5s): it would drop entries that wait too long");
                assertThat(analysis.getAction())
                    .startsWith("Remove the max-queue-wait of pool 'ingest' (poolworks.pools.ingest.max-queue-wait)");
            });
    }

    @Test
    void twoBindingsOfOneStreamGroupAndConsumerShouldFailNamingTheConsumer() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.streams.copy.stream=" + this.stream,
                    "poolworks.streams.copy.group=order-workers", "poolworks.streams.copy.pool=ingest",
                    "poolworks.streams.copy.handler=orders")
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.copy.consumer", "shop-",
                    "as the same consumer as binding 'orders'"));
    }

    @Test
    void keyThatIsNotAStreamShouldFailNamingTheStreamProperty() {
        redis.command("SET", this.stream, "a string");
        this.runner.withUserConfiguration(OrderHandler.class)
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders.stream", this.stream,
                    "Redis refused to create consumer group 'order-workers' on key '" + this.stream + "'"));
    }

    @Test
    void redisThatDoesNotAnswerAtStartupShouldFailNamingTheBindingAndWhere() throws IOException {
        RedisServer stopped = RedisServer.start();
        int port = stopped.port();
        stopped.close();
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("spring.data.redis.port=" + port)
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "poolworks.streams.orders",
                        this.stream,
                        "binding 'orders' could not connect to Redis (localhost:" + port + ", database 0)");
                assertThat(analysis.getAction()).startsWith("Start Redis or point spring.data.redis.* at it");
            });
    }

    @Test
    void redisClusterShouldFailNamingTheBinding() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("spring.data.redis.cluster.nodes=localhost:" + redis.port())
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders", this.stream,
                    "sets up a Redis Cluster, which stream sources do not support yet"));
    }

    @Test
    void bindingWithoutAConnectionFactoryShouldFailNamingTheDependency() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolworksWorkersAutoConfiguration.class))
            .withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.pools.ingest.max-workers=2", "poolworks.streams.orders.group=g",
                    "poolworks.streams.orders.pool=ingest")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(), "poolworks.streams.orders", "orders",
                        "binding 'orders' reads a Redis stream and there is no RedisConnectionFactory bean");
                assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
                    .endsWith("or remove poolworks.streams.orders");
            });
    }

    @Test
    void bindingWithoutPoolworksRedisShouldFailNamingTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader("io.poolworks.redis"))
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders", "orders",
                    "a Redis stream binding needs io.poolworks:poolworks-redis on the class path"));
    }

    @Test
    void bindingWithoutSpringDataRedisShouldFailNamingTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
            .run((context) -> analysis(context.getStartupFailure(), "poolworks.streams.orders", "orders",
                    "needs org.springframework.boot:spring-boot-starter-data-redis on the class path"));
    }

    @Test
    void misspelledBindingKeyShouldFailNamingTheRightOne() {
        this.runner.withUserConfiguration(OrderHandler.class)
            .withPropertyValues("poolworks.streams.orders.max-delivery=3")
            .run((context) -> {
                FailureAnalysis analysis = analysis(context.getStartupFailure(),
                        "poolworks.streams.orders.max-delivery", "3", "it is not a Poolworks property");
                assertThat(analysis.getAction()).startsWith("Did you mean poolworks.streams.orders.max-deliveries?");
            });
    }

    @Test
    void readmeYamlAndHandlerShouldFeedTheIngestPoolFromTheOrdersStream() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher yaml = Pattern.compile("```yaml\n(spring:\n(?:(?!```).)*?\n  streams:\n.*?)```", Pattern.DOTALL)
            .matcher(readme);
        assertThat(yaml.find()).as("the yaml block of a stream binding in README.md").isTrue();
        assertThat(readme).as("the handler of README.md, as ReadmeHandler has it")
            .contains("StreamHandler orders(Shipments shipments) {\n"
                    + "    // At least once: the same entry may come twice, so shipping by entry id is idempotent.\n"
                    + "    return (entry) -> shipments.shipOnce(entry.id(), entry.fields().get(\"order\"));\n");
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("README.md",
                new ByteArrayResource(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class))
            .withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addLast))
            .withUserConfiguration(ReadmeHandler.class)
            // Where the test's Redis is, instead of redis.internal.
            .withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port())
            .run((context) -> {
                assertThat(context).hasNotFailed();
                StreamSource source = context.getBean("ordersStreamSource", StreamSource.class);
                assertThat(source.stream()).isEqualTo("orders");
                assertThat(source.group()).isEqualTo("order-workers");
                assertThat(source.consumer()).startsWith("shop-");
                assertThat(source.claimIdle()).isEqualTo(Duration.ofSeconds(30));
                assertThat(source.maxDeliveries()).isEqualTo(5);
                assertThat(source.deadLetter()).isEqualTo("orders:dead");
                assertThat(context.getBean(StreamSourceRegistry.class).find("orders"))
                    .hasValueSatisfying((binding) -> assertThat(binding.pool()).isEqualTo("ingest"));
                String id = OrderHandler.add(redis, "orders", "order", "42");
                Map<String, String> shipped = context.getBean(ReadmeHandler.class).shipped;
                await().atMost(TIMEOUT).until(() -> "42".equals(shipped.get(id)));
            });
    }

    private static FailureAnalysis analysis(Throwable failure, String property, String value, String rule) {
        assertThat(failure).as("startup failure").isNotNull();
        FailureAnalysis analysis = new PoolworksFailureAnalyzer(new StandardEnvironment()).analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getCause()).isInstanceOf(InvalidPoolPropertyException.class);
        assertThat(analysis.getDescription()).contains("Property: " + property + "\n")
            .contains("Value: " + value)
            .contains(rule);
        assertThat(analysis.getAction()).isNotBlank();
        return analysis;
    }

    /**
     * A bean that injects the source of binding {@code orders} by its qualifier.
     */
    static class Qualified {

        final StreamSource source;

        Qualified(@Qualifier("orders") StreamSource source) {
            this.source = source;
        }

    }

    /**
     * The handler of the README, and what it shipped.
     */
    @Configuration(proxyBeanMethods = false)
    static class ReadmeHandler {

        final Map<String, String> shipped = new ConcurrentHashMap<>();

        @Bean
        Shipments shipments() {
            return this.shipped::put;
        }

        @Bean
        StreamHandler orders(Shipments shipments) {
            // At least once: the same entry may come twice, so shipping by entry id is
            // idempotent.
            return (entry) -> shipments.shipOnce(entry.id(), entry.fields().get("order"));
        }

    }

    /**
     * What the README's handler ships with.
     */
    interface Shipments {

        void shipOnce(String id, String order);

    }

    /**
     * A {@link StreamHandler} bean named {@code shipping}.
     */
    @Configuration(proxyBeanMethods = false)
    static class OtherHandler {

        final Set<String> handled = ConcurrentHashMap.newKeySet();

        @Bean
        StreamHandler shipping() {
            return (entry) -> this.handled.add(entry.id());
        }

    }

}
