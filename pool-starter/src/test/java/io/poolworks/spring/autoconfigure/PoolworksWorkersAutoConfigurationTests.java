package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.PoolState;
import io.poolworks.WorkerPool;
import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.ConductorListener;
import io.poolworks.conductor.ConductorReport;
import io.poolworks.conductor.Worker;
import io.poolworks.conductor.WorkerState;
import io.poolworks.conductor.WorkerStatus;
import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.spring.testing.TwoWorkers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolworksWorkersAutoConfiguration}: {@link Worker} beans in the
 * application conductor, stopped before the pools, with failure policies from properties.
 */
class PoolworksWorkersAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolworksWorkersAutoConfiguration.class));

    @Test
    void withoutWorkerBeansShouldCreateNoConductor() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(Conductor.class)
            .doesNotHaveBean(WorkersLifecycle.class));
    }

    @Test
    void workerBeansShouldRunInTheConductorNamedByBeanName() {
        this.runner.withUserConfiguration(TwoWorkers.class).run((context) -> {
            Conductor conductor = context.getBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME,
                    Conductor.class);
            await().atMost(Duration.ofSeconds(5))
                .until(() -> conductor.status().stream().allMatch((s) -> s.state() == WorkerState.RUNNING));
            assertThat(conductor.status()).extracting(WorkerStatus::name).containsExactly("poller", "failing");
        });
    }

    @Test
    void stopThenStartShouldRunTheWorkersAgain() {
        this.runner.withUserConfiguration(TwoWorkers.class).run((context) -> {
            Conductor conductor = context.getBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME,
                    Conductor.class);
            ConfigurableApplicationContext source = context
                .getSourceApplicationContext(ConfigurableApplicationContext.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> state(conductor, "poller") == WorkerState.RUNNING);
            source.stop();
            assertThat(state(conductor, "poller")).isEqualTo(WorkerState.STOPPED);
            source.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> state(conductor, "poller") == WorkerState.RUNNING);
        });
    }

    @Test
    void workersShouldStopBeforeThePoolsTheyFeedDrain() {
        List<String> timeline = new CopyOnWriteArrayList<>();
        AtomicInteger fed = new AtomicInteger();
        this.runner.withPropertyValues("poolworks.pools.ingest.max-workers=2")
            .withUserConfiguration(Feeder.class)
            .withBean(Recorder.class, () -> new Recorder(timeline))
            .run((context) -> {
                Feeder feeder = context.getBean(Feeder.class);
                feeder.fed = fed;
                await().atMost(Duration.ofSeconds(5)).until(() -> fed.get() > 10);
            });
        // The last worker publishes TERMINATED as it exits, which may be just after the
        // drain returned.
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(timeline).containsSubsequence("workers stopped", "ingest DRAINING",
                    "ingest TERMINATED"));
    }

    @Test
    void stopAllFailureShouldMarkLivenessBrokenAndKeepTheContext() {
        List<LivenessState> liveness = new CopyOnWriteArrayList<>();
        this.runner.withUserConfiguration(FailingWorker.class)
            .withBean(LivenessRecorder.class, () -> new LivenessRecorder(liveness))
            .run((context) -> {
                await().atMost(Duration.ofSeconds(5)).until(() -> liveness.contains(LivenessState.BROKEN));
                assertThat(context.getSourceApplicationContext(ConfigurableApplicationContext.class).isActive())
                    .isTrue();
            });
    }

    @Test
    void stopAllFailureWithCloseContextOnFailureShouldCloseTheContext() {
        this.runner.withPropertyValues("poolworks.workers.close-context-on-failure=true")
            .withUserConfiguration(FailingWorker.class)
            .run((context) -> {
                ConfigurableApplicationContext source = context
                    .getSourceApplicationContext(ConfigurableApplicationContext.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> !source.isActive());
            });
    }

    @Test
    void restartPolicyFromPropertiesShouldRestartTheWorker() {
        this.runner
            .withPropertyValues("poolworks.workers.failure-policy=restart",
                    "poolworks.workers.restart.initial-backoff=10ms", "poolworks.workers.restart.max-backoff=20ms")
            .withUserConfiguration(FailingOnceWorker.class)
            .run((context) -> {
                Conductor conductor = context.getBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME,
                        Conductor.class);
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    WorkerStatus status = conductor.status().get(0);
                    return status.restarts() == 1 && status.state() == WorkerState.RUNNING;
                });
            });
    }

    @Test
    void overrideShouldApplyToOneWorkerOnly() {
        List<LivenessState> liveness = new CopyOnWriteArrayList<>();
        this.runner.withPropertyValues("poolworks.workers.overrides.failing.failure-policy=ignore")
            .withUserConfiguration(TwoWorkers.class)
            .withBean(LivenessRecorder.class, () -> new LivenessRecorder(liveness))
            .run((context) -> {
                Conductor conductor = context.getBean(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME,
                        Conductor.class);
                context.getBean(TwoWorkers.class).fail.countDown();
                await().atMost(Duration.ofSeconds(5))
                    .until(() -> state(conductor, "failing") == WorkerState.FAILED
                            && state(conductor, "poller") == WorkerState.RUNNING);
                assertThat(liveness).doesNotContain(LivenessState.BROKEN);
            });
    }

    private static WorkerState state(Conductor conductor, String worker) {
        return conductor.status().stream().filter((s) -> s.name().equals(worker)).findFirst().orElseThrow().state();
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingWorker {

        @Bean
        Worker failing() {
            return (ctx) -> {
                throw new IllegalStateException("inbox unreachable");
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class FailingOnceWorker {

        private final AtomicInteger runs = new AtomicInteger();

        @Bean
        Worker flaky() {
            return (ctx) -> {
                if (this.runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("first run fails");
                }
                ctx.awaitStop();
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class Feeder {

        volatile AtomicInteger fed = new AtomicInteger();

        @Bean
        Worker feeder(@Qualifier("ingest") WorkerPool ingest) {
            return (ctx) -> {
                while (!ctx.isStopping()) {
                    ingest.execute(() -> {
                    });
                    this.fed.incrementAndGet();
                    ctx.sleep(Duration.ofMillis(1));
                }
            };
        }

    }

    static class Recorder implements ConductorListener, PoolListener {

        private final List<String> timeline;

        Recorder(List<String> timeline) {
            this.timeline = timeline;
        }

        @Override
        public void conductorStopped(ConductorReport report) {
            this.timeline.add("workers stopped");
        }

        @Override
        public void stateChanged(PoolStateChanged event) {
            if (event.to() == PoolState.DRAINING || event.to() == PoolState.TERMINATED) {
                this.timeline.add(event.poolName() + " " + event.to());
            }
        }

    }

    static class LivenessRecorder implements ApplicationListener<AvailabilityChangeEvent<LivenessState>> {

        private final List<LivenessState> states;

        LivenessRecorder(List<LivenessState> states) {
            this.states = states;
        }

        @Override
        public void onApplicationEvent(AvailabilityChangeEvent<LivenessState> event) {
            this.states.add(event.getState());
        }

    }

}
