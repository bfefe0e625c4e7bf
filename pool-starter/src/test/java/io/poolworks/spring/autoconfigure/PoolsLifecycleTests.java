package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.PoolState;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.testing.Blocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drain at shutdown: every accepted task completes or reaches an
 * {@link UnfinishedTaskHandler}, pools drain in parallel, readiness flips first.
 */
@ExtendWith(OutputCaptureExtension.class)
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
    void defaultHandlerShouldLogEveryUnstartedTaskAtWarn(CapturedOutput output) {
        this.runner.withPropertyValues("poolworks.pools.slow.max-workers=1", "poolworks.pools.slow.drain-timeout=200ms")
            .run((context) -> {
                assertThat(context).hasSingleBean(UnfinishedTaskHandler.class);
                WorkerPool pool = context.getBean("slow", WorkerPool.class);
                pool.execute(new Blocker());
                pool.execute(named("mail#1", () -> {
                }));
                pool.execute(named("mail#2", () -> {
                }));
            });
        assertThat(output).contains("WARN")
            .contains("Pool 'slow' did not start 2 accepted task(s) before shutdown: [mail#1, mail#2]");
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
