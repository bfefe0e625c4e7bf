package io.poolworks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolworks.testing.Gate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The phases of a graceful shutdown, one at a time: refuse, drain, hand back and cancel,
 * wait a bounded grace; run once, whoever asks.
 */
class GracefulShutdownPhaseTests {

    private final List<Gate> gates = new ArrayList<>();

    private WorkerPool pool;

    @AfterEach
    void tearDown() {
        this.gates.forEach(Gate::open);
        if (this.pool != null) {
            this.pool.shutdownNow();
        }
    }

    private Gate gate(int starts) {
        Gate gate = new Gate(starts);
        this.gates.add(gate);
        return gate;
    }

    @Test
    void drainThatRunsOutShouldHandBackTheQueueInStartOrderAndCancelTheRunning() {
        this.pool = WorkerPools.fixed("phases", 1).queueCapacity(10).terminationGrace(Duration.ofSeconds(5)).build();
        Gate running = gate(1);
        this.pool.execute(running.task());
        running.awaitStarted();
        Runnable first = () -> {
        };
        Runnable second = () -> {
        };
        this.pool.execute(first);
        this.pool.execute(second);
        ShutdownReport report = this.pool.shutdownGracefully(Duration.ofMillis(200));
        assertThat(report.unstarted()).containsExactly(first, second);
        assertThat(report.interrupted()).isEqualTo(1);
        assertThat(running.interrupted()).isEqualTo(1);
        assertThat(report.stuckWorkers()).isEmpty();
        assertThat(report.clean()).isFalse();
        assertThat(this.pool.isTerminated()).isTrue();
    }

    @Test
    void secondCallShouldWaitForTheFirstAndGetItsReport() throws Exception {
        this.pool = WorkerPools.fixed("twice", 1).build();
        Gate running = gate(1);
        this.pool.execute(running.task());
        running.awaitStarted();
        CompletableFuture<ShutdownReport> first = CompletableFuture
            .supplyAsync(() -> this.pool.shutdownGracefully(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(this.pool::isShutdown);
        CompletableFuture<ShutdownReport> second = CompletableFuture
            .supplyAsync(() -> this.pool.shutdownGracefully(Duration.ZERO));
        running.open();
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
        assertThat(first.get().clean()).isTrue();
    }

    @Test
    void interruptedDrainShouldSkipToTheCancelPhaseAndKeepTheInterrupt() throws Exception {
        this.pool = WorkerPools.fixed("interrupted", 1).build();
        Gate running = gate(1);
        this.pool.execute(running.task());
        running.awaitStarted();
        CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            ShutdownReport report = this.pool.shutdownGracefully(Duration.ofMinutes(5));
            interruptKept.complete(Thread.currentThread().isInterrupted() && report.interrupted() == 1);
        });
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(this.pool::isShutdown);
        caller.interrupt();
        assertThat(interruptKept.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void taskIgnoringInterruptsShouldBeNamedStuckAfterTheGrace() {
        this.pool = WorkerPools.fixed("stuck", 1).terminationGrace(Duration.ofMillis(200)).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ignored = new AtomicInteger();
        this.pool.execute(() -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                }
                catch (InterruptedException ex) {
                    ignored.incrementAndGet();
                }
            }
        });
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            ShutdownReport report = this.pool.shutdownGracefully(Duration.ZERO);
            assertThat(ignored).hasValue(1);
            assertThat(report.stuckWorkers()).containsExactly("stuck-1");
            assertThat(this.pool.isTerminated()).isFalse();
        }
        catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
        finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(this.pool::isTerminated);
    }

}
