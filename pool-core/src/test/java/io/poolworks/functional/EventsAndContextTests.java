package io.poolworks.functional;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.poolworks.PoolState;
import io.poolworks.RejectionReason;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import io.poolworks.event.TaskRejected;
import io.poolworks.event.WorkersChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener events, task decoration and the {@link io.poolworks.TaskContext}.
 */
class EventsAndContextTests {

    private WorkerPool pool;

    @AfterEach
    void tearDown() {
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    @Test
    void listenerShouldSeeTasksRejectionsWorkersAndStates() throws Exception {
        Recorder recorder = new Recorder();
        this.pool = WorkerPools.dynamic("events", 0, 1).queueCapacity(0).listener(recorder).build();
        CountDownLatch release = new CountDownLatch(1);
        Runnable blocker = () -> {
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        this.pool.execute(blocker);
        Runnable refused = () -> {
        };
        assertThat(this.pool.tryExecute(refused)).isFalse();
        release.countDown();
        this.pool.shutdownGracefully(Duration.ofSeconds(5));
        assertThat(recorder.rejected).singleElement().satisfies((event) -> {
            assertThat(event.task()).isSameAs(refused);
            assertThat(event.reason()).isEqualTo(RejectionReason.QUEUE_FULL);
        });
        assertThat(recorder.finished).singleElement().satisfies((event) -> {
            assertThat(event.task()).isSameAs(blocker);
            assertThat(event.outcome()).isEqualTo(TaskOutcome.COMPLETED);
            assertThat(event.queueWaitNanos()).isNotNegative();
            assertThat(event.runNanos()).isPositive();
            assertThat(event.poolName()).isEqualTo("events");
        });
        assertThat(recorder.workers).extracting(WorkersChanged::started).containsExactly(true, false);
        assertThat(recorder.states).extracting(PoolStateChanged::to)
            .containsExactly(PoolState.DRAINING, PoolState.TERMINATED);
    }

    @Test
    void listenerShouldSeeFailuresAndCancellations() throws Exception {
        Recorder recorder = new Recorder();
        this.pool = WorkerPools.fixed("outcomes", 1).listener(recorder).build();
        this.pool.execute(() -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch started = new CountDownLatch(1);
        Future<?> future = this.pool.submit(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        future.cancel(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.finished.size() == 2);
        assertThat(recorder.finished).extracting(TaskFinished::outcome)
            .containsExactly(TaskOutcome.FAILED, TaskOutcome.CANCELLED);
        assertThat(recorder.finished.get(0).failure()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decoratorShouldRunInTheSubmittingThreadAndWrapTheTask() throws Exception {
        ThreadLocal<String> context = new ThreadLocal<>();
        this.pool = WorkerPools.fixed("decorated", 1).taskDecorator((task) -> {
            String captured = context.get();
            return () -> {
                context.set(captured);
                try {
                    task.run();
                }
                finally {
                    context.remove();
                }
            };
        }).build();
        context.set("request-42");
        try {
            assertThat(this.pool.submit(context::get).get(5, TimeUnit.SECONDS)).isEqualTo("request-42");
        }
        finally {
            context.remove();
        }
    }

    @Test
    void taskContextShouldReportCancellationWhenTheFutureIsCancelled() throws Exception {
        this.pool = WorkerPools.fixed("context", 1).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cancelledSeen = new AtomicBoolean();
        AtomicReference<String> poolName = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        Future<Integer> future = this.pool.submit((context) -> {
            poolName.set(context.poolName());
            started.countDown();
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException ex) {
                cancelledSeen.set(context.isCancelled());
            }
            finished.countDown();
            return 1;
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(true)).isTrue();
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledSeen).isTrue();
        assertThat(poolName).hasValue("context");
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().cancelled() == 1);
    }

    @Test
    void invokeAllShouldRunEveryTask() throws Exception {
        this.pool = WorkerPools.dynamic("invoke", 1, 3).build();
        List<Future<Integer>> results = this.pool.invokeAll(List.of(() -> 1, () -> 2, () -> 3));
        assertThat(results).extracting(Future::get).containsExactly(1, 2, 3);
        Callable<Integer> seven = () -> 7;
        assertThat(this.pool.invokeAny(List.of(seven))).isEqualTo(7);
    }

    static class Recorder implements PoolListener {

        final List<TaskFinished> finished = new CopyOnWriteArrayList<>();

        final List<TaskRejected> rejected = new CopyOnWriteArrayList<>();

        final List<WorkersChanged> workers = new CopyOnWriteArrayList<>();

        final List<PoolStateChanged> states = new CopyOnWriteArrayList<>();

        @Override
        public void taskFinished(TaskFinished event) {
            this.finished.add(event);
        }

        @Override
        public void taskRejected(TaskRejected event) {
            this.rejected.add(event);
        }

        @Override
        public void workersChanged(WorkersChanged event) {
            this.workers.add(event);
        }

        @Override
        public void stateChanged(PoolStateChanged event) {
            this.states.add(event);
        }

    }

}
