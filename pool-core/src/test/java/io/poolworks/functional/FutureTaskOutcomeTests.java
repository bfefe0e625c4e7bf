package io.poolworks.functional;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;

import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import io.poolworks.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A task given to {@code execute} that is itself a future is counted by the outcome it
 * reports, and its failure is left to whoever holds the future.
 */
class FutureTaskOutcomeTests {

    private final List<TaskFinished> finished = new CopyOnWriteArrayList<>();

    private final WorkerPool pool = WorkerPool.builder("futures").maxWorkers(1).listener(new PoolListener() {
        @Override
        public void taskFinished(TaskFinished event) {
            FutureTaskOutcomeTests.this.finished.add(event);
        }
    }).build();

    private final LogCapture log = new LogCapture("io.poolworks");

    @AfterEach
    void tearDown() {
        this.log.close();
        this.pool.shutdownNow();
    }

    @Test
    void futureTaskThatCompletesExceptionallyShouldCountAsFailedWithoutALog() {
        IllegalStateException boom = new IllegalStateException("boom");
        this.pool.execute(new FutureTask<>(() -> {
            throw boom;
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.finished.size() == 1);
        assertThat(this.pool.stats().failed()).isEqualTo(1);
        assertThat(this.pool.stats().completed()).isZero();
        assertThat(this.finished.get(0).outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(this.finished.get(0).failure()).isSameAs(boom);
        assertThat(this.log.text()).doesNotContain("failed");
    }

    @Test
    void completableFutureTaskShouldCountByItsOutcome() {
        this.pool.execute(new RunnableCompletable(true));
        this.pool.execute(new RunnableCompletable(false));
        RunnableCompletable cancelled = new RunnableCompletable(false);
        cancelled.cancel(false);
        this.pool.execute(cancelled);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.finished.size() == 3);
        assertThat(this.finished).extracting(TaskFinished::outcome)
            .containsExactly(TaskOutcome.FAILED, TaskOutcome.COMPLETED, TaskOutcome.CANCELLED);
        assertThat(this.pool.stats().failed()).isEqualTo(1);
        assertThat(this.pool.stats().completed()).isEqualTo(1);
        assertThat(this.pool.stats().cancelled()).isEqualTo(1);
    }

    @Test
    void plainTaskThatThrowsShouldStillBeLogged() {
        this.pool.execute(() -> {
            throw new IllegalStateException("boom");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> this.finished.size() == 1);
        assertThat(this.pool.stats().failed()).isEqualTo(1);
        assertThat(this.log.text()).contains("ERROR Task").contains("failed");
    }

    /**
     * A completable future that runs on the pool, as an adapter for Spring's
     * {@code submitCompletable} does.
     */
    static final class RunnableCompletable extends CompletableFuture<String> implements Runnable {

        private final boolean fail;

        RunnableCompletable(boolean fail) {
            this.fail = fail;
        }

        @Override
        public void run() {
            if (this.fail) {
                completeExceptionally(new IllegalStateException("boom"));
            }
            else {
                complete("done");
            }
        }

    }

}
