package io.poolworks.conductor;

import io.poolworks.ThreadFactories;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AttemptContext}, the {@link WorkerContext} handed to workers.
 */
class WorkerContextTests {

    private final AttemptContext context = new AttemptContext("w", "ctx-test/w",
            ThreadFactories.platform("ctx-test/", true));

    @AfterEach
    void noThreadsLeak() {
        Thread.interrupted();
        ConductorTesting.awaitNoThreads("ctx-test/");
    }

    @Test
    void sleepWhenNotStoppingShouldReturnTrueAfterTheDuration() {
        assertThat(this.context.name()).isEqualTo("w");
        assertThat(this.context.sleep(Duration.ofMillis(1))).isTrue();
        assertThat(this.context.sleep(Duration.ZERO)).isTrue();
        assertThat(this.context.sleep(Duration.ofMillis(-5))).isTrue();
    }

    @Test
    void sleepWhenStoppingShouldReturnFalseAtOnce() {
        this.context.requestStop();
        assertThat(this.context.isStopping()).isTrue();
        assertThat(this.context.sleep(Duration.ofHours(1))).isFalse();
        assertThat(this.context.sleep(Duration.ZERO)).isFalse();
    }

    @Test
    void sleepWhenStopArrivesShouldWakeAndReturnFalse() {
        new Thread(this.context::requestStop, "ctx-test/stopper").start();
        assertThat(this.context.sleep(Duration.ofHours(1))).isFalse();
    }

    @Test
    void sleepWhenInterruptedShouldReturnFalseAndKeepTheInterrupt() {
        Thread.currentThread().interrupt();
        assertThat(this.context.sleep(Duration.ofHours(1))).isFalse();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void awaitStopWhenInterruptedWithoutStopShouldKeepWaitingAndRestoreTheInterrupt() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        boolean[] interruptedAfter = new boolean[1];
        Thread waiter = new Thread(() -> {
            this.context.awaitStop();
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
            returned.countDown();
        }, "ctx-test/waiter");
        waiter.start();
        waiter.interrupt();
        assertThat(returned.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
        this.context.requestStop();
        returned.await();
        assertThat(interruptedAfter[0]).isTrue();
    }

    @Test
    void onStopWhenStopIsRequestedShouldRunActionsInOrderOnAStopThread() {
        List<String> calls = new CopyOnWriteArrayList<>();
        this.context.onStop(() -> calls.add("first on " + Thread.currentThread().getName()));
        this.context.onStop(() -> {
            throw new IllegalStateException("ignored");
        });
        this.context.onStop(() -> calls.add("third"));
        this.context.requestStop();
        this.context.requestStop();
        await().until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("first on ctx-test/w/stop", "third");
        this.context.onStop(() -> calls.add("late"));
        await().until(() -> calls.size() == 3);
    }

    @Test
    void onStopWhenRunHasEndedShouldNeverRun() {
        List<String> calls = new CopyOnWriteArrayList<>();
        this.context.onStop(() -> calls.add("registered"));
        this.context.close();
        this.context.onStop(() -> calls.add("after close"));
        this.context.requestStop();
        assertThat(ConductorTesting.liveThreads("ctx-test/w/stop")).isEmpty();
        assertThat(calls).isEmpty();
    }

}
