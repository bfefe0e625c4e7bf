package io.poolworks.functional;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import io.poolworks.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tasks, listeners and decorators that throw never break the pool.
 */
class FailureTests {

    private WorkerPool pool;

    private final LogCapture log = new LogCapture("io.poolworks");

    @AfterEach
    void tearDown() {
        this.log.close();
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    @Test
    void throwingTasksShouldBeCountedFailedAndNotShrinkThePool() throws Exception {
        this.pool = WorkerPools.fixed("throwing", 2).build();
        for (int i = 0; i < 10; i++) {
            int n = i;
            this.pool.execute(() -> {
                if (n % 2 == 0) {
                    throw new IllegalStateException("boom " + n);
                }
                throw new AssertionError("error " + n);
            });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().failed() == 10);
        assertThat(this.pool.stats().workers()).isEqualTo(2);
        CountDownLatch ran = new CountDownLatch(1);
        this.pool.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().completed() == 1);
    }

    @Test
    void executeFailureShouldBeLoggedWithThePoolName() {
        this.pool = WorkerPools.fixed("logged", 1).build();
        this.pool.execute(() -> {
            throw new IllegalStateException("boom");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().failed() == 1);
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(this.log.text()).contains("ERROR", "'logged'", "IllegalStateException"));
    }

    @Test
    void submitFailureShouldLiveInTheFutureAndNotBeLogged() throws Exception {
        this.pool = WorkerPools.fixed("future", 1).build();
        Future<Object> future = this.pool.submit(() -> {
            throw new IllegalStateException("in the future");
        });
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
            .withCauseInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.stats().failed() == 1);
        assertThat(this.log.text()).doesNotContain("in the future");
    }

    @Test
    void throwingListenerShouldBeLoggedAndNotFailTheTask() throws Exception {
        List<TaskFinished> seen = new CopyOnWriteArrayList<>();
        this.pool = WorkerPools.fixed("listener", 1).listener(new PoolListener() {
            @Override
            public void taskFinished(TaskFinished event) {
                throw new IllegalStateException("listener broke");
            }
        }).listener(new PoolListener() {
            @Override
            public void taskFinished(TaskFinished event) {
                seen.add(event);
            }
        }).build();
        assertThat(this.pool.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertThat(seen.get(0).outcome()).isEqualTo(TaskOutcome.COMPLETED);
        assertThat(this.pool.stats().completed()).isEqualTo(1);
        assertThat(this.log.text()).contains("WARN", "'listener'", "IllegalStateException");
    }

    @Test
    void throwingDecoratorShouldBeLoggedAndTheTaskRunUndecorated() throws Exception {
        this.pool = WorkerPools.fixed("decorator", 1).taskDecorator((task) -> {
            throw new IllegalStateException("decorator broke");
        }).build();
        assertThat(this.pool.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(this.log.text()).contains("WARN", "'decorator'", "IllegalStateException");
    }

    @Test
    void failingThreadFactoryShouldRejectWithoutLosingTheTask() {
        this.pool = WorkerPool.builder("factory").minWorkers(0).maxWorkers(1).threadFactory((runnable) -> null).build();
        assertThatExceptionOfType(io.poolworks.RejectedTaskException.class).isThrownBy(() -> this.pool.execute(() -> {
        })).satisfies((ex) -> assertThat(ex.reason()).isEqualTo(io.poolworks.RejectionReason.WORKER_START_FAILED));
        assertThat(this.pool.stats().submitted()).isZero();
        assertThat(this.pool.stats().queued()).isZero();
        assertThat(this.pool.stats().workers()).isZero();
    }

}
