package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.poolworks.PoolState;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;
import io.poolworks.AdaptiveLimit;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.WorkerPoolRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolworksAutoConfiguration}: pools from properties, inheritance,
 * registration, customizers and decorators.
 */
class PoolworksAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TaskExecutionAutoConfiguration.class, PoolworksAutoConfiguration.class));

    @Test
    void poolPropertiesShouldBecomeANamedBeanWithThoseSettings() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=2", "poolworks.pools.emails.max-workers=8",
                    "poolworks.pools.emails.queue-capacity=500", "poolworks.pools.emails.queue-order=priority",
                    "poolworks.pools.emails.saturation=caller-runs", "poolworks.pools.emails.rate-limit.permits=50",
                    "poolworks.pools.emails.rate-limit.burst=10", "poolworks.pools.emails.drain-timeout=15s")
            .run((context) -> {
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                assertThat(pool.name()).isEqualTo("emails");
                assertThat(pool.stats().minWorkers()).isEqualTo(2);
                assertThat(pool.stats().maxWorkers()).isEqualTo(8);
                assertThat(pool.stats().queueCapacity()).isEqualTo(500);
                assertThat(pool.settings().queueOrder()).isEqualTo(QueueOrder.PRIORITY);
                assertThat(pool.settings().saturationPolicy()).isEqualTo(SaturationPolicy.CALLER_RUNS);
                assertThat(pool.settings().rateLimit())
                    .isEqualTo(RateLimit.of(50, Duration.ofSeconds(1)).withBurst(10));
                assertThat(pool.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(15));
            });
    }

    @Test
    void adaptivePropertiesShouldGiveThePoolAnAdaptiveLimitKeyByKeyFromDefaults() {
        this.runner
            .withPropertyValues("poolworks.defaults.adaptive.max=6", "poolworks.pools.emails.max-workers=8",
                    "poolworks.pools.emails.adaptive.algorithm=VEGAS", "poolworks.pools.emails.adaptive.min=2",
                    "poolworks.pools.reports.max-workers=8")
            .run((context) -> {
                WorkerPool emails = context.getBean("emails", WorkerPool.class);
                assertThat(emails.settings().adaptiveLimit())
                    .isEqualTo(new AdaptiveLimit(AdaptiveLimit.Algorithm.VEGAS, 4, 2, 6));
                assertThat(emails.stats().adaptiveLimit()).isEqualTo(4);
                // Without an algorithm (here or in the defaults) there is no adaptive
                // limit.
                assertThat(context.getBean("reports", WorkerPool.class).settings().adaptiveLimit()).isNull();
            });
    }

    @Test
    void poolShouldInheritWhatItDoesNotSetFromDefaultsThenBuiltIns() {
        this.runner
            .withPropertyValues("poolworks.defaults.drain-timeout=7s", "poolworks.defaults.queue-capacity=42",
                    "poolworks.pools.a.queue-capacity=5", "poolworks.pools.b.max-workers=3")
            .run((context) -> {
                WorkerPool a = context.getBean("a", WorkerPool.class);
                WorkerPool b = context.getBean("b", WorkerPool.class);
                assertThat(a.stats().queueCapacity()).isEqualTo(5);
                assertThat(a.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(7));
                assertThat(b.stats().queueCapacity()).isEqualTo(42);
                assertThat(b.stats().maxWorkers()).isEqualTo(3);
                assertThat(b.settings().idleTimeout())
                    .isEqualTo(WorkerPool.builder("x").build().settings().idleTimeout());
            });
    }

    @Test
    void virtualThreadsOnJava21OrLaterShouldRunTasksOnVirtualThreads() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
        this.runner.withPropertyValues("poolworks.pools.io.virtual-threads=true").run((context) -> {
            WorkerPool pool = context.getBean("io", WorkerPool.class);
            // Thread.isVirtual() is Java 21 API; the name and thread group tell on any
            // release.
            String group = pool.submit(() -> String.valueOf(Thread.currentThread().getThreadGroup()))
                .get(5, TimeUnit.SECONDS);
            assertThat(group).contains("VirtualThreads");
        });
    }

    @Test
    void poolsShouldNotReplaceBootsApplicationTaskExecutor() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2").run((context) -> {
            assertThat(context).hasBean("applicationTaskExecutor");
            assertThat(context.getBeansOfType(WorkerPool.class)).containsOnlyKeys("emailsWorkerPool");
        });
    }

    @Test
    void minWorkersAloneAboveTheDefaultMaximumShouldBehaveAsTheBuilderDoes() {
        this.runner.withPropertyValues("poolworks.pools.big.min-workers=32").run((context) -> {
            WorkerPool pool = context.getBean("big", WorkerPool.class);
            WorkerPool java = WorkerPool.builder("big").minWorkers(32).build();
            try {
                assertThat(pool.stats().minWorkers()).isEqualTo(32);
                assertThat(pool.stats().maxWorkers()).isEqualTo(java.stats().maxWorkers());
            }
            finally {
                java.shutdownNow();
            }
        });
    }

    @Test
    void pausedPropertyShouldHoldTasksUntilResumed() {
        this.runner.withPropertyValues("poolworks.pools.emails.paused=true").run((context) -> {
            WorkerPool pool = context.getBean("emails", WorkerPool.class);
            assertThat(pool.stats().state()).isEqualTo(PoolState.PAUSED);
        });
    }

    @Test
    void virtualThreadsWhenUnsetShouldFollowSpringThreadsVirtualEnabledOnJava21() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
        this.runner
            .withPropertyValues("spring.threads.virtual.enabled=true", "poolworks.pools.io.max-workers=2",
                    "poolworks.pools.cpu.virtual-threads=false")
            .run((context) -> {
                assertThat(context.getBean("io", WorkerPool.class).settings().virtualThreads()).isTrue();
                assertThat(context.getBean("cpu", WorkerPool.class).settings().virtualThreads()).isFalse();
            });
    }

    @Test
    void virtualThreadsWhenUnsetBeforeJava21ShouldIgnoreSpringThreadsVirtualEnabledAsBootDoes() {
        Assumptions.assumeTrue(Runtime.version().feature() < 21, "Java 21+ has virtual threads");
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "poolworks.pools.io.max-workers=2")
            .run((context) -> assertThat(context.getBean("io", WorkerPool.class).settings().virtualThreads())
                .isFalse());
    }

    @Test
    void poolsPropertiesShouldBeBoundOnceAndBeTheOnesThePoolsUse() {
        CountingPropertySource counting = new CountingPropertySource(
                Map.of("poolworks.pools.emails.max-workers", "3", "poolworks.defaults.queue-capacity", "7"));
        StandardEnvironment alone = new StandardEnvironment();
        alone.getPropertySources().addFirst(counting);
        PoolworksBinding.bind(alone);
        int readsOfOneBinding = counting.reads("poolworks.pools.emails.max-workers");
        counting.reset();
        this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(counting))
            .run((context) -> {
                assertThat(context).hasSingleBean(PoolsProperties.class).hasSingleBean(WorkersProperties.class);
                assertThat(context.getBean(PoolsProperties.class).getPools().get("emails").getMaxWorkers())
                    .isEqualTo(3);
                assertThat(context.getBean("emails", WorkerPool.class).stats().queueCapacity()).isEqualTo(7);
                assertThat(counting.reads("poolworks.pools.emails.max-workers")).isEqualTo(readsOfOneBinding);
            });
    }

    @Test
    void poolBeanShouldBeNamedWorkerPoolAndFoundByThePoolsName() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2")
            .withUserConfiguration(QualifiedInjection.class)
            .run((context) -> {
                WorkerPool pool = context.getBean("emailsWorkerPool", WorkerPool.class);
                assertThat(context.getAliases("emailsWorkerPool")).containsExactly("emails");
                assertThat(context.getBean("emails")).isSameAs(pool);
                assertThat(context.getBean(QualifiedInjection.class).pool).isSameAs(pool);
            });
    }

    @Test
    void poolNamedLikeAnApplicationBeanShouldStartAndBeFoundByQualifier() {
        this.runner.withPropertyValues("poolworks.pools.mailer.max-workers=2")
            .withUserConfiguration(MailerService.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean("mailer")).isInstanceOf(Mailer.class);
                WorkerPool pool = context.getBean("mailerWorkerPool", WorkerPool.class);
                assertThat(context.getBean(MailerService.class).pool).isSameAs(pool);
                assertThat(context.getBean(Mailer.class).send().get(5, TimeUnit.SECONDS)).startsWith("mailer-");
            });
    }

    @Test
    void poolWhoseBeanNameIsTakenShouldFailNamingTheOtherBeanAndWhereThePoolIsDeclared() {
        List<Environment> environment = new ArrayList<>();
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2")
            .withInitializer((context) -> environment.add(context.getEnvironment()))
            .withBean("emailsWorkerPool", String.class, () -> "taken")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).isInstanceOf(InvalidPoolPropertyException.class)
                    .hasMessageContaining("poolworks.pools.emails")
                    .hasMessageContaining(
                            "its bean would be named 'emailsWorkerPool' and a bean by that name " + "already exists");
                FailureAnalysis analysis = new PoolworksFailureAnalyzer(environment.get(0))
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("Property: poolworks.pools.emails\n")
                    .contains("Origin: \"poolworks.pools.emails.max-workers\" from property source");
            });
    }

    @Test
    void poolNamedLikeAnExecutorBeanShouldFailSinceAsyncCouldNotTellThemApart() {
        this.runner.withPropertyValues("poolworks.pools.mailer.max-workers=2")
            .withUserConfiguration(MailerExecutor.class)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).isInstanceOf(InvalidPoolPropertyException.class)
                    .hasMessageContaining("an executor named 'mailer' already exists (defined in")
                    .hasMessageContaining("MailerExecutor");
            });
    }

    @Test
    void poolShouldBeInjectableByQualifierAsWorkerPoolOrExecutorService() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2")
            .withUserConfiguration(QualifiedInjection.class)
            .run((context) -> {
                QualifiedInjection injection = context.getBean(QualifiedInjection.class);
                assertThat(injection.pool).isSameAs(context.getBean("emails"));
                assertThat(injection.executor).isSameAs(context.getBean("emails"));
            });
    }

    @Test
    void registryShouldListPropertyPoolsAndUserPoolBeans() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2")
            .withUserConfiguration(UserPool.class)
            .run((context) -> {
                WorkerPoolRegistry registry = context.getBean(WorkerPoolRegistry.class);
                assertThat(registry.names()).containsExactlyInAnyOrder("emails", "thumbnails");
                assertThat(registry.get("thumbnails")).isSameAs(context.getBean("thumbnails"));
            });
    }

    @Test
    void customizersShouldRunAfterPropertiesInOrder() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2", "poolworks.pools.emails.min-workers=1")
            .withUserConfiguration(Customizers.class)
            .run((context) -> {
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                assertThat(pool.stats().maxWorkers()).isEqualTo(6);
                assertThat(pool.stats().minWorkers()).isEqualTo(1);
            });
    }

    @Test
    void taskDecoratorBeansShouldWrapTasksInOrderLikeBootsExecutor() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2")
            .withUserConfiguration(Decorators.class)
            .run((context) -> {
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                Decorators decorators = context.getBean(Decorators.class);
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(() -> {
                    decorators.trace.add("task");
                    ran.countDown();
                });
                assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
                // As for Boot's executor: applied in order, so the last one is outermost.
                assertThat(decorators.trace).containsExactly("second", "first", "task");
            });
    }

    @Test
    void factoryShouldBuildRuntimePoolsWithDefaults() {
        this.runner.withPropertyValues("poolworks.defaults.queue-capacity=9").run((context) -> {
            WorkerPool pool = context.getBean(WorkerPoolFactory.class).create("later");
            try {
                assertThat(pool.stats().queueCapacity()).isEqualTo(9);
            }
            finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void closingTheContextShouldTerminateEveryPool() {
        WorkerPool[] pools = new WorkerPool[2];
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2")
            .withUserConfiguration(UserPool.class)
            .run((context) -> {
                pools[0] = context.getBean("emails", WorkerPool.class);
                pools[1] = context.getBean("thumbnails", WorkerPool.class);
                pools[0].execute(() -> {
                });
            });
        assertThat(pools).allSatisfy((pool) -> assertThat(pool.stats().state()).isEqualTo(PoolState.TERMINATED));
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
            .noneMatch((name) -> name.startsWith("emails-") || name.startsWith("thumbnails-"));
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedInjection {

        final WorkerPool pool;

        final ExecutorService executor;

        QualifiedInjection(@Qualifier("emails") WorkerPool pool, @Qualifier("emails") ExecutorService executor) {
            this.pool = pool;
            this.executor = executor;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class MailerService {

        final WorkerPool pool;

        MailerService(@Qualifier("mailer") WorkerPool pool) {
            this.pool = pool;
        }

        @Bean
        Mailer mailer() {
            return new Mailer();
        }

    }

    static class Mailer {

        @Async("mailer")
        CompletableFuture<String> send() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class MailerExecutor {

        @Bean
        Executor mailer() {
            return Runnable::run;
        }

    }

    /**
     * Counts the reads of each property.
     */
    static class CountingPropertySource extends MapPropertySource {

        private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        CountingPropertySource(Map<String, Object> properties) {
            super("counting", properties);
        }

        @Override
        public Object getProperty(String name) {
            this.reads.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
            return super.getProperty(name);
        }

        int reads(String name) {
            AtomicInteger count = this.reads.get(name);
            return (count != null) ? count.get() : 0;
        }

        void reset() {
            this.reads.clear();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserPool {

        @Bean(defaultCandidate = false)
        WorkerPool thumbnails() {
            return WorkerPool.builder("thumbnails").maxWorkers(2).build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        @Order(2)
        WorkerPoolCustomizer second() {
            return (name, builder) -> builder.maxWorkers(6);
        }

        @Bean
        @Order(1)
        WorkerPoolCustomizer first() {
            return (name, builder) -> builder.maxWorkers(4);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Decorators {

        final List<String> trace = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        TaskDecorator secondDecorator() {
            return (task) -> () -> {
                this.trace.add("second");
                task.run();
            };
        }

        @Bean
        @Order(1)
        TaskDecorator firstDecorator() {
            return (task) -> () -> {
                this.trace.add("first");
                task.run();
            };
        }

    }

}
