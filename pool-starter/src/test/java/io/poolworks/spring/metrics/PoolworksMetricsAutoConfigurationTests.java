package io.poolworks.spring.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolworks.RejectionReason;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Worker;
import io.poolworks.conductor.WorkerState;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.testing.Blocker;
import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolworksMetricsAutoConfiguration}: the meters of every pool and
 * worker, their names, types, units and values, and when there are none.
 */
class PoolworksMetricsAutoConfigurationTests {

    private static final List<String> EXECUTOR_METERS = List.of("executor.completed", "executor.active",
            "executor.queued", "executor.queue.remaining", "executor.pool.size", "executor.pool.core",
            "executor.pool.max", "executor", "executor.idle");

    private static final List<String> TIMERS = List.of("executor", "executor.idle");

    private static final List<String> TIMER_MAXIMUMS = List.of("executor.seconds.max", "executor.idle.seconds.max");

    private static final List<String> POOLWORKS_COUNTERS = List.of("poolworks.tasks.submitted",
            "poolworks.tasks.rejected", "poolworks.tasks.failed", "poolworks.tasks.cancelled",
            "poolworks.tasks.timed.out", "poolworks.tasks.expired", "poolworks.tasks.caller.runs",
            "poolworks.rate.limit.waits");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                PoolworksWorkersAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class);

    @Test
    void executorMetersWhenPoolIsConfiguredShouldMatchMicrometersExecutorServiceMetrics() throws Exception {
        SimpleMeterRegistry reference = new SimpleMeterRegistry();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1));
        ExecutorService monitored = ExecutorServiceMetrics.monitor(reference, executor, "reference");
        try {
            List<Meter> expected = reference.getMeters();
            assertThat(expected).extracting((meter) -> meter.getId().getName())
                .containsExactlyInAnyOrderElementsOf(EXECUTOR_METERS);
            this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2").run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                for (Meter meter : expected) {
                    Meter.Id id = meter.getId();
                    Meter ours = registry.get(id.getName()).tag("name", "emails").meter();
                    assertThat(ours.getId().getType()).as(id.getName()).isEqualTo(id.getType());
                    assertThat(ours.getId().getBaseUnit()).as(id.getName()).isEqualTo(id.getBaseUnit());
                    assertThat(ours.getId().getTags()).as(id.getName()).containsExactly(Tag.of("name", "emails"));
                    if (TIMERS.contains(id.getName())) {
                        // Cheaper than TimedExecutorService's timers, and described.
                        assertThat(ours).as(id.getName()).isInstanceOf(FunctionTimer.class);
                        assertThat(ours.getId().getDescription()).as(id.getName()).isNotBlank();
                    }
                    else {
                        assertThat(ours.getId().getDescription()).as(id.getName()).isEqualTo(id.getDescription());
                    }
                }
                for (String name : TIMER_MAXIMUMS) {
                    Gauge max = registry.get(name).tag("name", "emails").gauge();
                    assertThat(max.getId().getBaseUnit()).as(name).isNull();
                    assertThat(max.getId().getDescription()).as(name).isNotBlank();
                    assertThat(max.value()).as(name).isZero();
                }
                assertThat(registry.getMeters()).map((meter) -> meter.getId().getName())
                    .filteredOn((name) -> name.startsWith("executor"))
                    .containsExactlyInAnyOrderElementsOf(
                            Stream.concat(EXECUTOR_METERS.stream(), TIMER_MAXIMUMS.stream()).toList());
            });
        }
        finally {
            monitored.shutdownNow();
        }
    }

    @Test
    void timersWhenHistogramIsOnShouldBeMicrometerTimers() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=1", "poolworks.metrics.histogram=true")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                for (String name : TIMERS) {
                    Timer timer = registry.get(name).tag("name", "emails").timer();
                    assertThat(timer.getId().getDescription()).as(name).isNotBlank();
                }
                // The timers hold their own maximum. Their buckets:
                // PrometheusScrapeTests.
                for (String name : TIMER_MAXIMUMS) {
                    assertThat(registry.find(name).meters()).as(name).isEmpty();
                }
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
                await().untilAsserted(() -> {
                    assertThat(registry.get("executor").tag("name", "emails").timer().count()).isEqualTo(1);
                    assertThat(registry.get("executor.idle").tag("name", "emails").timer().count()).isEqualTo(1);
                });
            });
    }

    @Test
    void poolworksCountersWhenPoolIsConfiguredShouldBeRegisteredWithoutABaseUnit() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=2").run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String name : POOLWORKS_COUNTERS) {
                for (Meter meter : registry.get(name).tag("name", "emails").meters()) {
                    assertThat(meter.getId().getType()).as(name).isEqualTo(Meter.Type.COUNTER);
                    assertThat(meter.getId().getDescription()).as(name).isNotBlank();
                    // The name says what is counted; a unit would be repeated in
                    // Prometheus.
                    assertThat(meter.getId().getBaseUnit()).as(name).isNull();
                }
            }
        });
    }

    @Test
    void everyMeterWhenPoolsAndWorkersExistShouldHaveADescription() {
        this.runner.withUserConfiguration(UserPools.class, Workers.class)
            .withPropertyValues("poolworks.pools.emails.max-workers=1")
            .run((context) -> {
                List<Meter> meters = context.getBean(MeterRegistry.class).getMeters();
                assertThat(meters).extracting((meter) -> meter.getId().getTag("name"))
                    .contains("emails", "reports", "thumbnails");
                assertThat(meters).extracting((meter) -> meter.getId().getTag("worker")).contains("flaky", "steady");
                assertThat(meters).filteredOn(
                        (meter) -> meter.getId().getDescription() == null || meter.getId().getDescription().isBlank())
                    .extracting(Meter::getId)
                    .isEmpty();
            });
    }

    @Test
    void executorMetersWhenTasksRunAndWaitShouldReadThePoolsState() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                    "poolworks.pools.emails.queue-capacity=2")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                Blocker blocker = new Blocker();
                pool.execute(blocker);
                blocker.awaitStarted();
                CountDownLatch queuedRan = new CountDownLatch(1);
                pool.execute(queuedRan::countDown);
                assertThat(gauge(registry, "executor.active", "emails")).isEqualTo(1);
                assertThat(gauge(registry, "executor.queued", "emails")).isEqualTo(1);
                assertThat(gauge(registry, "executor.queue.remaining", "emails")).isEqualTo(1);
                assertThat(gauge(registry, "executor.pool.size", "emails")).isEqualTo(1);
                assertThat(gauge(registry, "executor.pool.core", "emails")).isEqualTo(1);
                assertThat(gauge(registry, "executor.pool.max", "emails")).isEqualTo(1);
                assertThat(functionCounter(registry, "executor.completed", "emails")).isZero();
                assertThat(functionCounter(registry, "poolworks.tasks.submitted", "emails")).isEqualTo(2);
                blocker.release();
                assertThat(queuedRan.await(10, TimeUnit.SECONDS)).isTrue();
                await().untilAsserted(() -> {
                    assertThat(functionCounter(registry, "executor.completed", "emails")).isEqualTo(2);
                    assertThat(timer(registry, "executor", "emails").count()).isEqualTo(2);
                    assertThat(timer(registry, "executor.idle", "emails").count()).isEqualTo(2);
                    assertThat(gauge(registry, "executor.queued", "emails")).isZero();
                    assertThat(gauge(registry, "executor.queue.remaining", "emails")).isEqualTo(2);
                });
                // The queued task waited while the blocker ran, which ran at least as
                // long.
                assertThat(gauge(registry, "executor.seconds.max", "emails")).isPositive();
                assertThat(gauge(registry, "executor.idle.seconds.max", "emails")).isPositive();
            });
    }

    @Test
    void rejectionsWhenPoolIsBuiltByTheFactoryShouldBeCountedByReason() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                    "poolworks.pools.emails.queue-capacity=0")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                Set<String> reasons = Arrays.stream(RejectionReason.values())
                    .map(PoolMeters::tagValue)
                    .collect(Collectors.toSet());
                assertThat(reasons).contains("queue-full", "shutting-down", "worker-start-failed", "interrupted");
                assertThat(registry.get("poolworks.tasks.rejected").tag("name", "emails").counters())
                    .map((counter) -> counter.getId().getTag("reason"))
                    .containsExactlyInAnyOrderElementsOf(reasons);
                Blocker blocker = new Blocker();
                pool.execute(blocker);
                blocker.awaitStarted();
                assertThat(pool.tryExecute(() -> {
                })).isFalse();
                pool.shutdown();
                assertThat(pool.tryExecute(() -> {
                })).isFalse();
                blocker.release();
                assertThat(rejected(registry, "emails", "queue-full").count()).isEqualTo(1);
                assertThat(rejected(registry, "emails", "shutting-down").count()).isEqualTo(1);
                assertThat(rejected(registry, "emails", "worker-start-failed").count()).isZero();
                assertThat(rejected(registry, "emails", "interrupted").count()).isZero();
                assertThat(pool.stats().rejected()).isEqualTo(2);
            });
    }

    @Test
    void failedCounterWhenATaskThrowsShouldCountItAndTimeItsExecution() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=1").run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            WorkerPool pool = context.getBean("emails", WorkerPool.class);
            Future<?> failing = pool.submit(() -> {
                throw new IllegalStateException("expected");
            });
            await().until(failing::isDone);
            await().untilAsserted(() -> {
                assertThat(functionCounter(registry, "poolworks.tasks.failed", "emails")).isEqualTo(1);
                assertThat(functionCounter(registry, "executor.completed", "emails")).isEqualTo(1);
                assertThat(timer(registry, "executor", "emails").count()).isEqualTo(1);
            });
        });
    }

    @Test
    void cancelledCounterWhenAQueuedTaskIsCancelledShouldCountItWithoutTimingIt() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                    "poolworks.pools.emails.queue-capacity=1")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                Blocker blocker = new Blocker();
                pool.execute(blocker);
                blocker.awaitStarted();
                Future<?> queued = pool.submit(() -> {
                });
                assertThat(queued.cancel(false)).isTrue();
                blocker.release();
                await().untilAsserted(() -> {
                    assertThat(functionCounter(registry, "poolworks.tasks.cancelled", "emails")).isEqualTo(1);
                    assertThat(functionCounter(registry, "executor.completed", "emails")).isEqualTo(1);
                    assertThat(timer(registry, "executor", "emails").count()).isEqualTo(1);
                });
            });
    }

    @Test
    void timedOutCounterWhenATaskOutrunsItsTimeoutShouldCountIt() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.max-workers=1", "poolworks.pools.emails.task-timeout=50ms")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                CountDownLatch never = new CountDownLatch(1);
                pool.execute(() -> {
                    try {
                        never.await(10, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
                await().untilAsserted(() -> {
                    assertThat(functionCounter(registry, "poolworks.tasks.timed.out", "emails")).isEqualTo(1);
                    assertThat(functionCounter(registry, "executor.completed", "emails")).isEqualTo(1);
                    assertThat(timer(registry, "executor", "emails").count()).isEqualTo(1);
                });
            });
    }

    @Test
    void expiredCounterWhenATaskOutwaitsTheMaxQueueWaitShouldCountItWithoutTimingIt() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                    "poolworks.pools.emails.queue-capacity=1", "poolworks.pools.emails.max-queue-wait=20ms")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                // Paused, the pool holds the task in its queue until it is past its
                // maximum wait (a blocking task would be subject to the same wait).
                pool.tuning().pause();
                long queuedAt = System.nanoTime();
                pool.execute(() -> {
                });
                await().pollInterval(Duration.ofMillis(10))
                    .until(() -> System.nanoTime() - queuedAt > Duration.ofMillis(100).toNanos());
                pool.tuning().resume();
                await().until(() -> pool.stats().expired() == 1);
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
                await().untilAsserted(() -> {
                    assertThat(functionCounter(registry, "poolworks.tasks.expired", "emails")).isEqualTo(1);
                    assertThat(functionCounter(registry, "executor.completed", "emails")).isEqualTo(1);
                    assertThat(timer(registry, "executor", "emails").count()).isEqualTo(1);
                });
            });
    }

    @Test
    void callerRunsCounterWhenThePoolIsFullShouldCountTasksRunInTheCaller() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                    "poolworks.pools.emails.queue-capacity=0", "poolworks.pools.emails.saturation=caller-runs")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                Blocker blocker = new Blocker();
                pool.execute(blocker);
                blocker.awaitStarted();
                Thread caller = Thread.currentThread();
                AtomicInteger ranInCaller = new AtomicInteger();
                pool.execute(() -> {
                    if (Thread.currentThread() == caller) {
                        ranInCaller.incrementAndGet();
                    }
                });
                blocker.release();
                assertThat(ranInCaller).hasValue(1);
                assertThat(functionCounter(registry, "poolworks.tasks.caller.runs", "emails")).isEqualTo(1);
                await().untilAsserted(
                        () -> assertThat(functionCounter(registry, "executor.completed", "emails")).isEqualTo(2));
            });
    }

    @Test
    void rateLimitWaitsCounterWhenATaskWaitsForATokenShouldCountTheWait() {
        this.runner
            .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                    "poolworks.pools.emails.rate-limit.permits=1", "poolworks.pools.emails.rate-limit.period=1h")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                WorkerPool pool = context.getBean("emails", WorkerPool.class);
                pool.execute(() -> {
                });
                pool.execute(() -> {
                });
                await().untilAsserted(() -> {
                    assertThat(functionCounter(registry, "poolworks.rate.limit.waits", "emails")).isPositive();
                    assertThat(functionCounter(registry, "poolworks.rate.limit.waits", "emails"))
                        .isEqualTo(pool.stats().rateLimitWaits());
                });
                // The second task waits an hour for its token: do not drain it.
                pool.shutdownNow();
            });
    }

    @Test
    void userPoolBeanWhenBuiltWithoutTheFactoryShouldGetTheStatsMetersOnly() {
        this.runner.withUserConfiguration(UserPools.class).run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            WorkerPool pool = context.getBean("thumbnails", WorkerPool.class);
            assertThat(gauge(registry, "executor.pool.max", "thumbnails")).isEqualTo(3);
            for (String name : Stream.concat(TIMERS.stream(), TIMER_MAXIMUMS.stream()).toList()) {
                assertThat(registry.find(name).tag("name", "thumbnails").meters()).as(name).isEmpty();
            }
            Blocker blocker = new Blocker();
            for (int i = 0; i < 3; i++) {
                pool.execute(blocker);
            }
            assertThat(pool.tryExecute(() -> {
            })).isFalse();
            blocker.release();
            // Without the factory's listener the reason is not known.
            FunctionCounter rejected = registry.get("poolworks.tasks.rejected")
                .tags("name", "thumbnails", "reason", PoolMeters.UNKNOWN_REASON)
                .functionCounter();
            assertThat(rejected.count()).isEqualTo(1);
            assertThat(registry.get("poolworks.tasks.rejected").tag("name", "thumbnails").meters()).hasSize(1);
        });
    }

    @Test
    void userPoolBeanWhenBuiltByTheFactoryShouldGetEveryMeter() {
        this.runner.withUserConfiguration(UserPools.class).run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(gauge(registry, "executor.pool.max", "reports")).isEqualTo(2);
            assertThat(timer(registry, "executor", "reports").count()).isZero();
            assertThat(registry.get("poolworks.tasks.rejected").tag("name", "reports").counters())
                .hasSize(RejectionReason.values().length);
        });
    }

    @Test
    void metersWhenAPoolIsRegisteredAtRunTimeShouldBeBound() {
        this.runner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            WorkerPoolRegistry pools = context.getBean(WorkerPoolRegistry.class);
            assertThat(registry.find("executor.pool.max").meters()).isEmpty();
            WorkerPool later = context.getBean(WorkerPoolFactory.class).builder("later").maxWorkers(5).build();
            WorkerPool plain = WorkerPool.builder("plain").maxWorkers(6).build();
            try {
                pools.register(later);
                pools.register(plain);
                assertThat(gauge(registry, "executor.pool.max", "later")).isEqualTo(5);
                assertThat(gauge(registry, "executor.pool.max", "plain")).isEqualTo(6);
                CountDownLatch ran = new CountDownLatch(1);
                later.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
                await().untilAsserted(() -> assertThat(timer(registry, "executor", "later").count()).isEqualTo(1));
                assertThat(registry.find("executor").tag("name", "plain").meters()).isEmpty();
            }
            finally {
                later.shutdownNow();
                plain.shutdownNow();
            }
        });
    }

    @Test
    void metersWhenBootConfiguresTheRegistryShouldBeBound() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                    PoolworksMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("poolworks.pools.emails.max-workers=4")
            .run((context) -> {
                assertThat(context).hasSingleBean(PoolworksMetricsAutoConfiguration.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(gauge(registry, "executor.pool.max", "emails")).isEqualTo(4);
                assertThat(timer(registry, "executor", "emails").count()).isZero();
            });
    }

    @Test
    void workerMetersWhenAWorkerFailsAndRestartsShouldCountAndShowItsState() {
        this.runner.withUserConfiguration(Workers.class)
            .withPropertyValues("poolworks.workers.failure-policy=restart",
                    "poolworks.workers.restart.initial-backoff=10ms")
            .run((context) -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(context).hasSingleBean(WorkerMeters.class);
                await().untilAsserted(() -> {
                    assertThat(workerCounter(registry, "poolworks.worker.restarts", "flaky")).isEqualTo(1);
                    assertThat(workerState(registry, "flaky", WorkerState.RUNNING)).isEqualTo(1);
                });
                assertThat(workerCounter(registry, "poolworks.worker.failures", "flaky")).isEqualTo(1);
                assertThat(workerCounter(registry, "poolworks.worker.restarts", "steady")).isZero();
                assertThat(workerCounter(registry, "poolworks.worker.failures", "steady")).isZero();
                assertThat(workerState(registry, "steady", WorkerState.RUNNING)).isEqualTo(1);
                for (WorkerState state : WorkerState.values()) {
                    if (state != WorkerState.RUNNING) {
                        assertThat(workerState(registry, "flaky", state)).as(state.name()).isZero();
                    }
                }
                assertThat(registry.get("poolworks.worker.state").tag("worker", "flaky").gauges())
                    .hasSize(WorkerState.values().length);
                assertThat(registry.get("poolworks.worker.state").tag("state", "backing-off").gauges()).hasSize(2);
            });
    }

    @Test
    void workerMetersWhenThereAreNoWorkersShouldBackOff() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=1").run((context) -> {
            assertThat(context).hasSingleBean(PoolworksMetricsAutoConfiguration.class);
            assertThat(context).doesNotHaveBean(WorkerMeters.class);
            assertThat(context.getBean(MeterRegistry.class).find("poolworks.worker.state").meters()).isEmpty();
        });
    }

    @Test
    void metricsWhenMicrometerIsAbsentShouldBackOffAndPoolsShouldStillWork() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .withPropertyValues("poolworks.pools.emails.max-workers=1")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasBean("emails");
                assertThat(context).doesNotHaveBean(PoolworksMetricsAutoConfiguration.class);
                assertThat(context).doesNotHaveBean(WorkerPoolCustomizer.class);
            });
    }

    @Test
    void metricsWhenThereIsNoMeterRegistryShouldBackOff() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                    PoolworksWorkersAutoConfiguration.class, PoolworksMetricsAutoConfiguration.class))
            .withUserConfiguration(Workers.class)
            .withPropertyValues("poolworks.pools.emails.max-workers=1", "poolworks.workers.failure-policy=restart")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(PoolworksMetricsAutoConfiguration.class);
                assertThat(context).doesNotHaveBean(WorkerPoolCustomizer.class);
                assertThat(context).doesNotHaveBean(WorkerMeters.class);
            });
    }

    private static double gauge(MeterRegistry registry, String name, String pool) {
        Gauge gauge = registry.get(name).tag("name", pool).gauge();
        return gauge.value();
    }

    private static double functionCounter(MeterRegistry registry, String name, String pool) {
        return registry.get(name).tag("name", pool).functionCounter().count();
    }

    private static FunctionTimer timer(MeterRegistry registry, String name, String pool) {
        return registry.get(name).tag("name", pool).functionTimer();
    }

    private static Counter rejected(MeterRegistry registry, String pool, String reason) {
        return registry.get("poolworks.tasks.rejected").tags("name", pool, "reason", reason).counter();
    }

    private static double workerCounter(MeterRegistry registry, String name, String worker) {
        return registry.get(name).tag("worker", worker).counter().count();
    }

    private static double workerState(MeterRegistry registry, String worker, WorkerState state) {
        return registry.get("poolworks.worker.state")
            .tags("worker", worker, "state", PoolMeters.tagValue(state))
            .gauge()
            .value();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserPools {

        @Bean(defaultCandidate = false)
        WorkerPool thumbnails() {
            return WorkerPool.builder("thumbnails").minWorkers(1).maxWorkers(3).queueCapacity(0).build();
        }

        @Bean(defaultCandidate = false)
        WorkerPool reports(WorkerPoolFactory pools) {
            return pools.builder("reports").maxWorkers(2).build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Workers {

        private final AtomicInteger flakyRuns = new AtomicInteger();

        @Bean
        Worker flaky() {
            return (ctx) -> {
                if (this.flakyRuns.incrementAndGet() == 1) {
                    throw new IllegalStateException("expected: the first run fails");
                }
                ctx.awaitStop();
            };
        }

        @Bean
        Worker steady() {
            return (ctx) -> ctx.awaitStop();
        }

    }

}
