package io.poolworks.spring.observation;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.TaskObserver;
import io.poolworks.spring.TaskObservers;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;
import io.poolworks.spring.testing.Blocker;
import io.poolworks.spring.testing.LogCapture;
import io.poolworks.spring.WorkerPoolFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PoolworksObservationAutoConfiguration}: with a
 * {@link TestObservationRegistry}, an observed pool's task is an Observation
 * {@code poolworks.task} from its submission to its end, a child of the submitter's
 * Observation and current on the worker while it runs, with one outcome per way a task
 * can end; a pool that is not observed gets nothing.
 */
class PoolworksObservationAutoConfigurationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(PoolworksAutoConfiguration.class, PoolworksObservationAutoConfiguration.class))
        .withUserConfiguration(Registry.class)
        .withPropertyValues("poolworks.pools.emails.min-workers=1", "poolworks.pools.emails.max-workers=1",
                "poolworks.pools.reports.max-workers=1");

    @Test
    void observationWhenOffShouldAddNothingToThePools() {
        this.runner.withUserConfiguration(RecordingObservers.class).run((context) -> {
            assertThat(context).hasSingleBean(TaskObservers.class);
            runTask(context, "emails");
            assertThat(context.getBean(RecordingObservers.class).asked).isEmpty();
            assertThat(registry(context)).doesNotHaveAnyObservation();
        });
    }

    @Test
    void observationWhenOnShouldObserveEveryPoolTheFactoryBuilds() {
        this.runner.withUserConfiguration(RecordingObservers.class)
            .withPropertyValues("poolworks.observation.enabled=true")
            .run((context) -> {
                context.getBean(WorkerPoolFactory.class).builder("thumbnails").build().shutdownNow();
                assertThat(context.getBean(RecordingObservers.class).asked).containsExactlyInAnyOrder("emails",
                        "reports", "thumbnails");
            });
    }

    @Test
    void poolSettingShouldWinOverTheDefaultsAndTheGlobalSwitch() {
        this.runner.withUserConfiguration(RecordingObservers.class)
            .withPropertyValues("poolworks.observation.enabled=false", "poolworks.defaults.observation=true",
                    "poolworks.pools.reports.observation=false")
            .run((context) -> assertThat(context.getBean(RecordingObservers.class).asked).containsExactly("emails"));
        this.runner.withUserConfiguration(RecordingObservers.class)
            .withPropertyValues("poolworks.observation.enabled=true", "poolworks.pools.reports.observation=false")
            .run((context) -> assertThat(context.getBean(RecordingObservers.class).asked).containsExactly("emails"));
    }

    @Test
    void taskShouldBeAChildOfTheSubmittersObservationAndCurrentOnTheWorker() {
        this.runner.withPropertyValues("poolworks.pools.emails.observation=true").run((context) -> {
            TestObservationRegistry registry = registry(context);
            AtomicReference<@Nullable Observation> current = new AtomicReference<>();
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            Observation request = Observation.start("request", registry);
            try (Observation.Scope scope = request.openScope()) {
                pool(context, "emails").execute(() -> {
                    current.set(registry.getCurrentObservation());
                    thread.set(Thread.currentThread().getName());
                    ran.countDown();
                });
            }
            finally {
                request.stop();
            }
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            eventually(registry, 1,
                    (observations) -> observations.hasObservationWithNameEqualTo("poolworks.task")
                        .that()
                        .hasContextualNameEqualTo("emails task")
                        .hasLowCardinalityKeyValue("pool", "emails")
                        .hasLowCardinalityKeyValue("outcome", "completed")
                        .hasParentObservationEqualTo(request)
                        .hasEvent(ObservedTask.STARTED)
                        .doesNotHaveError()
                        .hasBeenStarted()
                        .hasBeenStopped());
            assertThat(thread.get()).startsWith("emails-");
            Observation task = current.get();
            assertThat(task).isNotNull();
            assertThat(task.getContext()).isInstanceOf(PoolTaskObservationContext.class);
            assertThat(task.getContextView().getParentObservation()).isSameAs(request);
        });
    }

    @Test
    void taskWithoutAnObservationInTheSubmitterShouldHaveNoParent() {
        this.runner.withPropertyValues("poolworks.observation.enabled=true").run((context) -> {
            runTask(context, "emails");
            eventually(registry(context), 1,
                    (observations) -> observations.hasSingleObservationThat()
                        .doesNotHaveParentObservation()
                        .hasLowCardinalityKeyValue("outcome", "completed"));
        });
    }

    @Test
    void taskThatThrowsShouldEndFailedWithItsError() {
        this.runner.withPropertyValues("poolworks.observation.enabled=true").run((context) -> {
            IllegalStateException boom = new IllegalStateException("boom");
            WorkerPool pool = pool(context, "emails");
            try (LogCapture ignored = LogCapture.of(WorkerPool.class)) {
                pool.execute(() -> {
                    throw boom;
                });
                Future<?> future = pool.submit(() -> {
                    throw boom;
                });
                assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS));
                eventually(registry(context), 2, (observations) -> observations.forAllObservationsWithNameEqualTo(
                        "poolworks.task",
                        (observation) -> observation.hasLowCardinalityKeyValue("outcome", "failed").hasError(boom)));
            }
            assertThat(starts(context).outcomes()).containsExactly("failed", "failed");
        });
    }

    @Test
    void taskCancelledInTheQueueShouldEndCancelledWithoutStarting() {
        this.runner.withPropertyValues("poolworks.observation.enabled=true").run((context) -> {
            WorkerPool pool = pool(context, "emails");
            pool.tuning().pause();
            Future<?> future = pool.submit(() -> {
            });
            future.cancel(false);
            eventually(registry(context), 1,
                    (observations) -> observations.hasSingleObservationThat()
                        .hasLowCardinalityKeyValue("outcome", "cancelled")
                        .doesNotHaveEvent(ObservedTask.STARTED)
                        .doesNotHaveError());
        });
    }

    @Test
    void taskPastItsTimeoutShouldEndTimedOut() {
        this.runner
            .withPropertyValues("poolworks.observation.enabled=true", "poolworks.pools.emails.task-timeout=200ms")
            .run((context) -> {
                Blocker blocker = new Blocker();
                pool(context, "emails").execute(blocker);
                await().atMost(WAIT).until(blocker::wasInterrupted);
                eventually(registry(context), 1,
                        (observations) -> observations.hasSingleObservationThat()
                            .hasLowCardinalityKeyValue("outcome", "timed-out")
                            .hasEvent(ObservedTask.STARTED));
            });
    }

    @Test
    void taskPastItsMaximumQueueWaitShouldEndExpiredWithoutStarting() {
        this.runner
            .withPropertyValues("poolworks.observation.enabled=true", "poolworks.pools.emails.max-queue-wait=100ms")
            .run((context) -> {
                WorkerPool pool = pool(context, "emails");
                // Paused, the pool holds the task in its queue past its maximum wait (a
                // blocking task would be subject to the same wait and could expire).
                pool.tuning().pause();
                long queuedAt = System.nanoTime();
                try (LogCapture ignored = LogCapture.of(WorkerPool.class)) {
                    pool.execute(() -> {
                    });
                    await().atMost(WAIT).until(() -> System.nanoTime() - queuedAt > TimeUnit.MILLISECONDS.toNanos(300));
                    pool.tuning().resume();
                    await().atMost(WAIT).until(() -> pool.stats().expired() == 1);
                }
                eventually(registry(context), 1, (observations) -> observations
                    .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "expired")));
                assertThat(starts(context).outcomes()).isEmpty();
            });
    }

    @Test
    void taskThePoolRefusesShouldEndRejectedInTheSubmittersObservation() {
        this.runner.withPropertyValues("poolworks.observation.enabled=true", "poolworks.pools.emails.queue-capacity=0")
            .run((context) -> {
                TestObservationRegistry registry = registry(context);
                WorkerPool pool = pool(context, "emails");
                Blocker blocker = new Blocker();
                pool.execute(blocker);
                blocker.awaitStarted();
                Observation request = Observation.start("request", registry);
                try (Observation.Scope scope = request.openScope()) {
                    assertThat(pool.tryExecute(() -> {
                    })).isFalse();
                }
                finally {
                    request.stop();
                }
                assertThat(registry)
                    .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "rejected")
                        .hasHighCardinalityKeyValue("poolworks.rejection.reason", "queue-full")
                        .hasParentObservationEqualTo(request)
                        .doesNotHaveError());
                blocker.release();
                eventually(registry, 2, (observations) -> observations
                    .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "completed")));
                assertThat(starts(context).outcomes()).containsExactly("completed");
            });
    }

    @Test
    void taskAShutdownHandsBackShouldEndUnstartedWhenThePoolTerminates() {
        this.runner.withPropertyValues("poolworks.observation.enabled=true").run((context) -> {
            WorkerPool pool = pool(context, "emails");
            Blocker blocker = new Blocker();
            pool.execute(blocker);
            blocker.awaitStarted();
            Runnable queued = () -> {
            };
            pool.execute(queued);
            assertThat(pool.shutdownNow()).containsExactly(queued);
            await().atMost(WAIT).until(pool::isTerminated);
            eventually(registry(context), 2, (observations) -> observations
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "unstarted"))
                .hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "cancelled")));
            // The blocker, cancelled while it ran; the queued task never started.
            assertThat(starts(context).outcomes()).containsExactly("cancelled");
        });
    }

    @Test
    void sameTaskSubmittedTwiceShouldHaveAnObservationEach() {
        this.runner.withPropertyValues("poolworks.observation.enabled=true").run((context) -> {
            WorkerPool pool = pool(context, "emails");
            CountDownLatch ran = new CountDownLatch(3);
            Runnable task = ran::countDown;
            pool.tuning().pause();
            pool.execute(task);
            pool.execute(task);
            pool.execute(task);
            pool.tuning().resume();
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            eventually(registry(context), 3,
                    (observations) -> observations.forAllObservationsWithNameEqualTo("poolworks.task",
                            (observation) -> observation.hasLowCardinalityKeyValue("outcome", "completed")));
            assertThat(starts(context).outcomes()).containsExactly("completed", "completed", "completed");
        });
    }

    @Test
    void taskWhenContextIsPropagatedShouldStillRunInItsOwnObservation() {
        this.runner
            .withPropertyValues("poolworks.observation.enabled=true", "spring.task.execution.propagate-context=true")
            .run((context) -> {
                TestObservationRegistry registry = registry(context);
                AtomicReference<@Nullable Observation> current = new AtomicReference<>();
                CountDownLatch ran = new CountDownLatch(1);
                Observation request = Observation.start("request", registry);
                try (Observation.Scope scope = request.openScope()) {
                    pool(context, "emails").execute(() -> {
                        current.set(registry.getCurrentObservation());
                        ran.countDown();
                    });
                }
                finally {
                    request.stop();
                }
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
                Observation task = current.get();
                assertThat(task).isNotNull();
                assertThat(task.getContext()).isInstanceOf(PoolTaskObservationContext.class);
            });
    }

    @Test
    void conventionBeanShouldReplaceTheDefault() {
        this.runner.withUserConfiguration(CustomConvention.class)
            .withPropertyValues("poolworks.observation.enabled=true")
            .run((context) -> {
                runTask(context, "emails");
                eventually(registry(context), 1,
                        (observations) -> observations.hasSingleObservationThat()
                            .hasNameEqualTo("poolworks.task")
                            .hasLowCardinalityKeyValue("team", "mail"));
            });
    }

    @Test
    void observationWhenThereIsNoRegistryShouldBeSkippedWithAWarning() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PoolworksAutoConfiguration.class,
                    PoolworksObservationAutoConfiguration.class))
            .withPropertyValues("poolworks.pools.emails.max-workers=1", "poolworks.observation.enabled=true")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(TaskObservers.class);
                try (LogCapture log = LogCapture.of(WorkerPoolFactory.class)) {
                    context.getBean(WorkerPoolFactory.class).builder("thumbnails").build().shutdownNow();
                    assertThat(log.messages(Level.WARN)).singleElement()
                        .asString()
                        .contains("'thumbnails'", "no ObservationRegistry bean");
                }
            });
    }

    @Test
    void observationKeysWhenMisspelledShouldFailStartupNamingTheClosestKey() {
        this.runner.withPropertyValues("poolworks.observation.enabeld=true").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                .hasStackTraceContaining(InvalidPoolPropertyException.class.getName())
                .hasStackTraceContaining("Did you mean poolworks.observation.enabled?");
        });
        this.runner.withPropertyValues("poolworks.pools.emails.observaton=true").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                .hasStackTraceContaining("Did you mean poolworks.pools.emails.observation?");
        });
    }

    @Test
    void autoConfigurationWhenMicrometerObservationIsMissingShouldBackOff() {
        this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
            .run((context) -> assertThat(context).doesNotHaveBean(TaskObservers.class));
    }

    private static void runTask(AssertableApplicationContext context, String pool) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        pool(context, pool).execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Wait until the registry has the given number of task Observations and they satisfy
     * the assertions: a task's Observation stops after the task returned.
     */
    private static void eventually(TestObservationRegistry registry, int tasks,
            Consumer<TestObservationRegistryAssert> assertions) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("poolworks.task", tasks);
            assertions.accept(TestObservationRegistryAssert.assertThat(registry));
        });
    }

    private static WorkerPool pool(AssertableApplicationContext context, String name) {
        return context.getBean(name, WorkerPool.class);
    }

    private static TestObservationRegistry registry(AssertableApplicationContext context) {
        return context.getBean(TestObservationRegistry.class);
    }

    private static Starts starts(AssertableApplicationContext context) {
        return context.getBean(Starts.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        Starts starts() {
            return new Starts();
        }

        @Bean
        TestObservationRegistry observationRegistry(Starts starts) {
            TestObservationRegistry registry = TestObservationRegistry.create();
            registry.observationConfig().observationHandler(starts);
            return registry;
        }

    }

    /**
     * Records the task Observations that announced a start.
     */
    static final class Starts implements ObservationHandler<Observation.Context> {

        private final Queue<Observation.Context> started = new ConcurrentLinkedQueue<>();

        @Override
        public void onEvent(Observation.Event event, Observation.Context context) {
            if (event.getName().equals(ObservedTask.STARTED)) {
                this.started.add(context);
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof PoolTaskObservationContext;
        }

        /**
         * Return the outcomes of the tasks that started, once they all ended.
         */
        List<String> outcomes() {
            return this.started.stream().map((context) -> {
                String outcome = ((PoolTaskObservationContext) context).getOutcome();
                return (outcome != null) ? outcome : "(running)";
            }).toList();
        }

    }

    /**
     * Observers that record which pools asked for one, and observe nothing.
     */
    @Configuration(proxyBeanMethods = false)
    static class RecordingObservers {

        final List<String> asked = new CopyOnWriteArrayList<>();

        @Bean
        TaskObservers recordingObservers() {
            return (pool) -> {
                this.asked.add(pool);
                return new TaskObserver() {

                    @Override
                    public Runnable decorate(Runnable task) {
                        return task;
                    }

                };
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CustomConvention {

        @Bean
        PoolTaskObservationConvention teamConvention() {
            return new DefaultPoolTaskObservationConvention() {

                @Override
                public KeyValues getLowCardinalityKeyValues(PoolTaskObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "mail");
                }

            };
        }

    }

}
