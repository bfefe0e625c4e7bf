package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.poolworks.PoolState;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.testing.Blocker;
import io.poolworks.spring.testing.LogCapture;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The pools' lifecycle: every accepted task completes or reaches the
 * {@link UnfinishedTaskHandler} beans exactly once, across stop, start and close; pools
 * drain in parallel, readiness flips first, and each step is logged.
 */
class PoolsLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class));

    @Test
    void closeWithQueuedTasksShouldCompleteOrHandBackEveryAcceptedTask() {
        Handlers handlers = new Handlers();
        Set<String> completed = ConcurrentHashMap.newKeySet();
        Blocker blocker = new Blocker();
        this.runner
            .withPropertyValues("poolworks.pools.slow.max-workers=1", "poolworks.pools.slow.queue-capacity=100",
                    "poolworks.pools.slow.drain-timeout=300ms")
            .withBean(Handlers.class, () -> handlers)
            .run((context) -> {
                WorkerPool pool = context.getBean("slow", WorkerPool.class);
                pool.execute(blocker);
                for (int i = 0; i < 20; i++) {
                    String name = "task-" + i;
                    pool.execute(named(name, () -> completed.add(name)));
                }
            });
        List<String> handedBack = handlers.first.stream()
            .flatMap((report) -> report.unstarted().stream())
            .map(Object::toString)
            .toList();
        // The blocker is interrupted at the deadline, so no queued task ever runs.
        assertThat(handedBack).hasSize(20).doesNotHaveDuplicates().noneMatch(completed::contains);
        assertThat(handlers.order).containsExactly("first", "second");
        assertThat(blocker.wasInterrupted()).isTrue();
    }

    @Test
    void drainShouldLogOneLineWhenItStartsThenOnePerPool() {
        Blocker blocker = new Blocker();
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            this.runner
                .withPropertyValues("poolworks.pools.slow.max-workers=1", "poolworks.pools.slow.drain-timeout=200ms",
                        "poolworks.pools.slow.termination-grace=1s", "poolworks.pools.idle.max-workers=1",
                        "poolworks.pools.idle.drain-timeout=1s")
                .run((context) -> {
                    WorkerPool pool = context.getBean("slow", WorkerPool.class);
                    pool.execute(blocker);
                    blocker.awaitStarted();
                    pool.execute(named("mail#1", () -> {
                    }));
                    pool.execute(named("mail#2", () -> {
                    }));
                });
            assertThat(log.messages(Level.INFO))
                .contains("Draining 2 pool(s) within 6s: slow (2 queued, 1 running), idle (0 queued, 0 running)");
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .startsWith("Pool 'slow' drained in ")
                .endsWith(": 0 finished while draining, 0 failed while draining, 2 unstarted [mail#1, mail#2], "
                        + "1 cancelled while running [blocker]");
            assertThat(log.messages(Level.INFO)).anySatisfy((line) -> assertThat(line).startsWith("Pool 'idle' drained")
                .endsWith(": 0 finished while draining, 0 failed while draining"));
        }
    }

    @Test
    void drainWhenAWorkerIgnoresTheCancelShouldNameItAsStuck() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            this.runner.withPropertyValues("poolworks.pools.stubborn.max-workers=1",
                    "poolworks.pools.stubborn.drain-timeout=100ms", "poolworks.pools.stubborn.termination-grace=100ms")
                .run((context) -> context.getBean("stubborn", WorkerPool.class).execute(() -> {
                    started.countDown();
                    awaitIgnoringInterrupts(release);
                }));
            assertThat(started.getCount()).isZero();
            assertThat(log.messages(Level.WARN)).singleElement()
                .asString()
                .contains("1 cancelled while running")
                .contains("stuck workers [stubborn-");
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void unstartedFutureShouldBeCancelledAfterTheHandlersSawIt() {
        List<Boolean> doneWhenHandled = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new CopyOnWriteArrayList<>();
        Blocker blocker = new Blocker();
        this.runner.withPropertyValues("poolworks.pools.slow.max-workers=1", "poolworks.pools.slow.drain-timeout=0s")
            .withBean(UnfinishedTaskHandler.class,
                    () -> (report) -> report.unstarted()
                        .forEach((task) -> doneWhenHandled.add(((Future<?>) task).isDone())))
            .run((context) -> {
                WorkerPool pool = context.getBean("slow", WorkerPool.class);
                pool.execute(blocker);
                blocker.awaitStarted();
                futures.add(pool.submit(() -> "never"));
            });
        assertThat(doneWhenHandled).containsExactly(false);
        assertThat(futures).singleElement().satisfies((future) -> assertThat(future.isCancelled()).isTrue());
    }

    @Test
    void stopThenStartShouldPauseThenResumeThePools() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=1").run((context) -> {
            ConfigurableApplicationContext source = context
                .getSourceApplicationContext(ConfigurableApplicationContext.class);
            WorkerPool pool = context.getBean("emails", WorkerPool.class);
            source.stop();
            assertThat(pool.stats().state()).isEqualTo(PoolState.PAUSED);
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertThat(pool.stats().queued()).isEqualTo(1);
            source.start();
            assertThat(pool.stats().state()).isEqualTo(PoolState.RUNNING);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void stopShouldLeaveAPoolPausedByTheApplicationPausedAfterStart() {
        this.runner.withPropertyValues("poolworks.pools.emails.paused=true").run((context) -> {
            ConfigurableApplicationContext source = context
                .getSourceApplicationContext(ConfigurableApplicationContext.class);
            source.stop();
            source.start();
            assertThat(context.getBean("emails", WorkerPool.class).stats().state()).isEqualTo(PoolState.PAUSED);
        });
    }

    @Test
    void startWhenAPoolWasShutDownAfterStopShouldFailNamingIt() {
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=1").run((context) -> {
            ConfigurableApplicationContext source = context
                .getSourceApplicationContext(ConfigurableApplicationContext.class);
            source.stop();
            context.getBean("emails", WorkerPool.class).shutdownNow();
            assertThatException().isThrownBy(source::start)
                .havingRootCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessageContaining("Pools [emails] were shut down after the context stopped");
        });
    }

    @Test
    void stopStartThenCloseShouldHandEachUnstartedTaskOverOnce() {
        Handlers handlers = new Handlers();
        Blocker blocker = new Blocker();
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            this.runner
                .withPropertyValues("poolworks.pools.slow.max-workers=1", "poolworks.pools.slow.drain-timeout=0s")
                .withBean(Handlers.class, () -> handlers)
                .run((context) -> {
                    ConfigurableApplicationContext source = context
                        .getSourceApplicationContext(ConfigurableApplicationContext.class);
                    WorkerPool pool = context.getBean("slow", WorkerPool.class);
                    pool.execute(blocker);
                    blocker.awaitStarted();
                    pool.execute(named("queued", () -> {
                    }));
                    source.stop();
                    source.start();
                });
            assertThat(handlers.first).singleElement()
                .satisfies((report) -> assertThat(report.unstarted()).map(Object::toString).containsExactly("queued"));
            assertThat(handlers.order).containsExactly("first", "second");
            assertThat(log.messages(Level.INFO)).filteredOn((line) -> line.startsWith("Draining")).hasSize(1);
        }
    }

    @Test
    void stopThenCloseShouldDrainWhenThePoolsAreDestroyedOnce() {
        Handlers handlers = new Handlers();
        Blocker blocker = new Blocker();
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            this.runner
                .withPropertyValues("poolworks.pools.slow.max-workers=1", "poolworks.pools.slow.drain-timeout=0s")
                .withBean(Handlers.class, () -> handlers)
                .run((context) -> {
                    WorkerPool pool = context.getBean("slow", WorkerPool.class);
                    pool.execute(blocker);
                    blocker.awaitStarted();
                    pool.execute(named("queued", () -> {
                    }));
                    context.getSourceApplicationContext(ConfigurableApplicationContext.class).stop();
                });
            assertThat(handlers.first).singleElement()
                .satisfies((report) -> assertThat(report.unstarted()).map(Object::toString).containsExactly("queued"));
            assertThat(log.messages(Level.INFO)).filteredOn((line) -> line.startsWith("Draining")).hasSize(1);
        }
    }

    @Test
    void applicationPoolBeanShouldBeDrainedNotClosedWhenDestroyed() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<String> destroyMethod = new AtomicReference<>();
        try {
            this.runner
                .withBean("stubborn", WorkerPool.class,
                        () -> WorkerPool.builder("stubborn")
                            .maxWorkers(1)
                            .drainTimeout(Duration.ofMillis(100))
                            .terminationGrace(Duration.ofMillis(100))
                            .build())
                .run((context) -> {
                    destroyMethod.set(context.getSourceApplicationContext(ConfigurableApplicationContext.class)
                        .getBeanFactory()
                        .getBeanDefinition("stubborn")
                        .getDestroyMethodName());
                    context.getBean("stubborn", WorkerPool.class).execute(() -> {
                        started.countDown();
                        awaitIgnoringInterrupts(release);
                    });
                    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                });
            // close() would have waited for the task, which ignores its cancellation.
            assertThat(destroyMethod).hasValue("");
            assertThat(release.getCount()).isEqualTo(1);
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void poolShouldLogItsEffectiveSettingsWhenItStarts() {
        try (LogCapture log = LogCapture.of(PoolsLifecycle.class)) {
            this.runner
                .withPropertyValues("poolworks.pools.emails.min-workers=2", "poolworks.pools.emails.max-workers=8",
                        "poolworks.pools.emails.queue-capacity=500", "poolworks.pools.emails.rate-limit.permits=50",
                        "poolworks.pools.emails.rate-limit.burst=10", "poolworks.pools.emails.drain-timeout=15s",
                        "poolworks.pools.emails.task-timeout=2m")
                .run((context) -> assertThat(context).hasNotFailed());
            assertThat(log.messages(Level.INFO)).contains("Pool 'emails' started: min-workers 2, max-workers 8, "
                    + "queue-capacity 500 (fifo), saturation reject, rate-limit 50 per 1s (burst 10), "
                    + "idle-timeout 1m, drain-timeout 15s + termination-grace 5s, task-timeout 2m, "
                    + "platform threads 'emails-'");
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch release) {
        boolean done = false;
        while (!done) {
            try {
                done = release.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                // Ignored on purpose: a task that does not honour its cancellation.
            }
        }
    }

    @Test
    void poolsShouldDrainInParallel() {
        // Each pool's last task finishes only once the other pool is draining: a
        // sequential drain would time the first pool out and interrupt its task.
        Set<String> draining = ConcurrentHashMap.newKeySet();
        Handlers handlers = new Handlers();
        AtomicInteger finished = new AtomicInteger();
        this.runner
            .withPropertyValues("poolworks.defaults.max-workers=1", "poolworks.defaults.drain-timeout=10s",
                    "poolworks.pools.a.queue-capacity=5", "poolworks.pools.b.queue-capacity=5")
            .withBean(Handlers.class, () -> handlers)
            .withBean(PoolListener.class, () -> new PoolListener() {
                @Override
                public void stateChanged(PoolStateChanged event) {
                    if (event.to() == PoolState.DRAINING) {
                        draining.add(event.poolName());
                    }
                }
            })
            .run((context) -> {
                for (String name : List.of("a", "b")) {
                    String other = name.equals("a") ? "b" : "a";
                    context.getBean(name, WorkerPool.class).execute(() -> {
                        await().atMost(Duration.ofSeconds(10)).until(() -> draining.contains(other));
                        finished.incrementAndGet();
                    });
                }
            });
        assertThat(finished).hasValue(2);
        assertThat(handlers.first).isEmpty();
    }

    @Test
    void drainShouldStartWithReadinessRefusingTraffic() {
        List<String> timeline = new CopyOnWriteArrayList<>();
        this.runner.withPropertyValues("poolworks.pools.emails.max-workers=1")
            .withBean(PoolListener.class, () -> new PoolListener() {
                @Override
                public void stateChanged(PoolStateChanged event) {
                    timeline.add(event.to().name());
                }
            })
            .withBean(ReadinessRecorder.class, () -> new ReadinessRecorder(timeline))
            .run((context) -> assertThat(timeline).isEmpty());
        assertThat(timeline).startsWith("REFUSING_TRAFFIC", "DRAINING").contains("TERMINATED");
    }

    @Test
    void drainWhenReadinessAlreadyRefusesTrafficShouldNotPublishItAgain() {
        List<String> timeline = new CopyOnWriteArrayList<>();
        this.runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
            .withPropertyValues("poolworks.pools.emails.max-workers=1")
            .withBean(ReadinessRecorder.class, () -> new ReadinessRecorder(timeline))
            .run((context) -> AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC));
        assertThat(timeline).containsExactly("REFUSING_TRAFFIC");
    }

    private static Runnable named(String name, Runnable task) {
        return new Runnable() {
            @Override
            public void run() {
                task.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    static class ReadinessRecorder implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

        private final List<String> timeline;

        ReadinessRecorder(List<String> timeline) {
            this.timeline = timeline;
        }

        @Override
        public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
            this.timeline.add(event.getState().name());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        final List<ShutdownReport> first = new CopyOnWriteArrayList<>();

        final List<String> order = new CopyOnWriteArrayList<>();

        @Bean
        @Order(1)
        UnfinishedTaskHandler firstHandler() {
            return (report) -> {
                this.order.add("first");
                this.first.add(report);
            };
        }

        @Bean
        @Order(2)
        UnfinishedTaskHandler secondHandler() {
            return (report) -> this.order.add("second");
        }

    }

}
