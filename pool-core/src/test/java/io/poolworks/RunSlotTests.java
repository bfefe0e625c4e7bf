package io.poolworks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The completion protocol: exactly one of the owner's {@code complete()} and a canceller
 * decides each run, a cancel or timeout aimed at one run never reaches the next, and the
 * interrupt of a cancel never leaks past the run it was meant for.
 */
class RunSlotTests {

    @Test
    void completeShouldWinWhenNobodyCancels() {
        RunSlot slot = new RunSlot();
        slot.begin(1L);
        assertThat(slot.isRunning()).isTrue();
        assertThat(slot.complete()).isEqualTo(RunSlot.DONE);
        assertThat(slot.cancel(false)).isFalse();
    }

    @Test
    void cancelShouldWinOnceAndInterruptTheOwner() {
        RunSlot slot = new RunSlot();
        slot.thread = Thread.currentThread();
        slot.begin(1L);
        assertThat(slot.cancel(false)).isTrue();
        assertThat(slot.cancel(true)).isFalse();
        assertThat(slot.complete()).isEqualTo(RunSlot.CANCELLED);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void timeoutAimedAtAnEarlierRunShouldLeaveTheNextAlone() {
        RunSlot slot = new RunSlot();
        slot.thread = Thread.currentThread();
        slot.begin(1L);
        long first = slot.state();
        assertThat(slot.complete()).isEqualTo(RunSlot.DONE);
        slot.begin(2L);
        assertThat(slot.timeOut(first)).isFalse();
        assertThat(slot.complete()).isEqualTo(RunSlot.DONE);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void timeoutOfTheCurrentRunShouldSayTimedOut() {
        RunSlot slot = new RunSlot();
        slot.thread = Thread.currentThread();
        slot.begin(1L);
        assertThat(slot.timeOut(slot.state())).isTrue();
        assertThat(slot.complete()).isEqualTo(RunSlot.TIMED_OUT);
        Thread.interrupted();
    }

    @Test
    void futureThatCompletedFirstShouldRefuseTheCancelAndTheRunEndsDone() {
        RunSlot slot = new RunSlot();
        PoolFuture<Integer> future = new PoolFuture<>("pool", () -> 42);
        slot.future = future;
        slot.begin(1L);
        future.run();
        assertThat(slot.cancel(false)).isFalse();
        assertThat(slot.complete()).isEqualTo(RunSlot.DONE);
        assertThat(future.isCancelled()).isFalse();
    }

    @Test
    void racingCancelsShouldDecideEveryRunExactlyOnceAndNeverInterruptTheNext() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int runs = 20_000;
        RunSlot slot = new RunSlot();
        AtomicInteger cancelledByCanceller = new AtomicInteger();
        AtomicInteger cancelledSeen = new AtomicInteger();
        AtomicInteger leakedInterrupts = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(2);
        long[] delays = new long[runs];
        for (int i = 0; i < runs; i++) {
            delays[i] = random.nextInt(3);
        }
        Thread canceller = new Thread(() -> {
            try {
                for (int i = 0; i < runs; i++) {
                    barrier.await();
                    if (delays[i] == 1) {
                        Thread.onSpinWait();
                    }
                    else if (delays[i] == 2) {
                        LockSupport.parkNanos(1);
                    }
                    if (slot.cancel(false)) {
                        cancelledByCanceller.incrementAndGet();
                    }
                    barrier.await();
                }
            }
            catch (Exception ex) {
                // The owner failed and broke the barrier: its failure is reported.
            }
        });
        CountDownLatch done = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread owner = new Thread(() -> {
            slot.thread = Thread.currentThread();
            try {
                for (int i = 0; i < runs; i++) {
                    if (Thread.interrupted()) {
                        leakedInterrupts.incrementAndGet();
                    }
                    slot.begin(i);
                    barrier.await();
                    int outcome = slot.complete();
                    // The cancel's interrupt belongs to this run and is delivered once
                    // complete() returns: clear it before anything else can block.
                    if (outcome == RunSlot.CANCELLED) {
                        cancelledSeen.incrementAndGet();
                        if (!Thread.interrupted()) {
                            throw new AssertionError("run " + i + " was cancelled but not interrupted");
                        }
                    }
                    barrier.await();
                }
            }
            catch (Throwable ex) {
                failure.set(ex);
                barrier.reset();
            }
            finally {
                done.countDown();
            }
        });
        canceller.start();
        owner.start();
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        canceller.join(10_000);
        assertThat(failure.get()).as("seed %d", seed).isNull();
        assertThat(cancelledSeen.get()).as("seed %d", seed).isEqualTo(cancelledByCanceller.get());
        assertThat(leakedInterrupts).as("seed %d", seed).hasValue(0);
    }

}
