package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.poolworks.PoolStats;
import io.poolworks.RateLimit;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.WorkerPools;
import io.poolworks.spi.StartPermits;
import io.poolworks.testing.LogCapture;
import org.jspecify.annotations.Nullable;
import io.poolworks.testing.PoolsUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start gate as an SPI: the pool asks its {@link StartPermits} from one worker at a
 * time, outside its lock; a source that fails or stalls never kills a worker, never
 * blocks a submitter and never loses a task; a permit whose task vanished is given back.
 */
class StartPermitsTests {

    @RegisterExtension
    final PoolsUnderTest tested = new PoolsUnderTest();

    private final List<CountDownLatch> releases = new ArrayList<>();

    @AfterEach
    void tearDown() {
        this.releases.forEach(CountDownLatch::countDown);
    }

    @Test
    void sourceShouldBeAskedOutsideThePoolLockAndByOneWorkerAtATime() throws Exception {
        AtomicReference<WorkerPool> self = new AtomicReference<>();
        AtomicInteger asking = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicBoolean lockHeld = new AtomicBoolean();
        Probe probe = new Probe() {
            @Override
            public long tryAcquire() throws Exception {
                mostAtOnce.accumulateAndGet(asking.incrementAndGet(), Math::max);
                try {
                    // stats() takes the pool's lock: from another thread it would block
                    // if the asking worker held it.
                    CompletableFuture.supplyAsync(() -> self.get().stats()).get(5, TimeUnit.SECONDS);
                }
                catch (Exception ex) {
                    lockHeld.set(true);
                }
                finally {
                    asking.decrementAndGet();
                }
                return super.tryAcquire();
            }
        };
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("one-asker", 4).startPermits(probe));
        self.set(pool);
        CountDownLatch done = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            pool.execute(done::countDown);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lockHeld).isFalse();
        assertThat(mostAtOnce).hasValue(1);
        assertThat(probe.acquired.get()).isEqualTo(200);
    }

    @Test
    void permitWhoseTaskWasCancelledMeanwhileShouldBeGivenBack() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        this.releases.add(answer);
        Probe probe = new Probe() {
            @Override
            public long tryAcquire() throws Exception {
                asked.countDown();
                answer.await();
                return super.tryAcquire();
            }
        };
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("give-back", 1).startPermits(probe));
        AtomicInteger ran = new AtomicInteger();
        Future<?> future = pool.submit(ran::incrementAndGet);
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(false)).isTrue();
        answer.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.released.get() == 1);
        assertThat(ran).hasValue(0);
        assertThat(pool.stats().cancelled()).isEqualTo(1);
    }

    @Test
    void failingSourceShouldKeepTasksQueuedCountErrorsLogOnceAndRecover() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Probe probe = new Probe() {
            @Override
            public long tryAcquire() throws Exception {
                if (down.get()) {
                    throw new IllegalStateException("store unreachable");
                }
                return super.tryAcquire();
            }
        };
        try (LogCapture log = new LogCapture("io.poolworks.WorkerPool")) {
            WorkerPool pool = this.tested.pool(WorkerPools.fixed("outage", 2).startPermits(probe));
            CountDownLatch ran = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                pool.execute(ran::countDown);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().permitErrors() >= 3);
            PoolStats during = pool.stats();
            assertThat(during.queued()).isEqualTo(5);
            assertThat(during.workers()).isEqualTo(2);
            assertThat(log.text()).containsOnlyOnce("cannot get start permits");
            down.set(false);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(log.text()).containsOnlyOnce("cannot get start permits").contains("again, after");
            assertThat(pool.stats().workers()).as("no worker died of it").isEqualTo(2);
        }
    }

    @Test
    void stalledSourceShouldNeverBlockASubmitterAndTasksStayDrainable() throws Exception {
        CountDownLatch stall = new CountDownLatch(1);
        this.releases.add(stall);
        CountDownLatch stalled = new CountDownLatch(1);
        Probe probe = new Probe() {
            @Override
            public long tryAcquire() throws Exception {
                stalled.countDown();
                stall.await();
                return super.tryAcquire();
            }
        };
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("stalled", 2).queueCapacity(10).startPermits(probe));
        pool.execute(() -> {
        });
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        // The source is stuck; submitters must not be.
        CompletableFuture<Integer> accepted = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            for (int i = 0; i < 20; i++) {
                count += pool.tryExecute(() -> {
                }) ? 1 : 0;
            }
            return count;
        });
        assertThat(accepted.get(5, TimeUnit.SECONDS)).isEqualTo(10);
        assertThat(pool.stats().workers()).isEqualTo(2);
        ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(200));
        assertThat(report.unstarted()).hasSize(11);
        assertThat(stall.getCount()).as("the source was still stuck").isEqualTo(1);
    }

    @Test
    void tuningARateLimitShouldAskTheSourceToReconfigureItself() {
        AtomicReference<RateLimit> applied = new AtomicReference<>();
        Probe probe = new Probe() {
            @Override
            public StartPermits withRateLimit(RateLimit rateLimit) {
                applied.set(rateLimit);
                return this;
            }
        };
        WorkerPool pool = this.tested.pool(WorkerPools.fixed("reconfigured", 1).startPermits(probe));
        RateLimit limit = RateLimit.of(7, Duration.ofSeconds(1));
        pool.tuning().rateLimit(limit);
        assertThat(applied).hasValue(limit);
        pool.tuning().rateLimit(null);
        assertThat(pool.settings().rateLimited()).isFalse();
    }

    /** A source that always grants, counting what it grants and gets back. */
    private static class Probe implements StartPermits {

        final AtomicInteger acquired = new AtomicInteger();

        final AtomicInteger released = new AtomicInteger();

        @Override
        public long tryAcquire() throws Exception {
            this.acquired.incrementAndGet();
            return 0L;
        }

        @Override
        public void release() {
            this.released.incrementAndGet();
        }

        @Override
        public @Nullable RateLimit rateLimit() {
            return null;
        }

    }

}
