package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.poolworks.PoolStats;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.RejectedTaskException;
import io.poolworks.SaturationPolicy;
import io.poolworks.ShutdownReport;
import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four producers submit 100,000 tasks each while a shutdown starts at a random moment:
 * every accepted task is seen exactly once (finished or handed back), every refused task
 * never, and every stats snapshot taken meanwhile satisfies the accounting invariant.
 */
class AccountingStressTests {

    private static final int PRODUCERS = 4;

    private static final int TASKS_PER_PRODUCER = 100_000;

    private static final int TOTAL = PRODUCERS * TASKS_PER_PRODUCER;

    private static final int ROUNDS = 6;

    @Test
    void everyTaskShouldBeSeenExactlyOnceWhateverTheShutdownMoment() throws Exception {
        long seed = Long.getLong("poolworks.stress.seed", ThreadLocalRandom.current().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        // One task in a hundred fails on purpose: keep thousands of stack traces out of
        // the build log.
        Logger poolLogger = (Logger) LoggerFactory.getLogger(WorkerPool.class);
        Level level = poolLogger.getLevel();
        poolLogger.setLevel(Level.OFF);
        try {
            runRounds(random, seed);
        }
        finally {
            poolLogger.setLevel(level);
        }
    }

    private void runRounds(SplittableRandom random, long seed) {
        for (int round = 0; round < ROUNDS; round++) {
            Round scenario = new Round(random.split());
            try {
                scenario.run();
            }
            catch (AssertionError | Exception ex) {
                throw new AssertionError("Round " + round + " of seed " + seed + " (" + scenario + ") failed; "
                        + "rerun with -Dpoolworks.stress.seed=" + seed, ex);
            }
        }
    }

    /**
     * One run of the scenario with randomly chosen settings and shutdown moment.
     */
    static final class Round implements PoolListener {

        private final SplittableRandom random;

        private final int minWorkers;

        private final int maxWorkers;

        private final int queueCapacity;

        private final SaturationPolicy policy;

        private final int shutdownAfter;

        private final boolean shutdownNow;

        private final Duration drainTimeout;

        private final QueueOrder queueOrder;

        private final RateLimit rateLimit;

        private final Duration maxQueueWait;

        private final Duration taskTimeout;

        private final AtomicLong expiredEvents = new AtomicLong();

        private final AtomicLong timedOutEvents = new AtomicLong();

        private final AtomicIntegerArray ran = new AtomicIntegerArray(TOTAL);

        private final AtomicIntegerArray finished = new AtomicIntegerArray(TOTAL);

        private final AtomicIntegerArray rejected = new AtomicIntegerArray(TOTAL);

        private final AtomicLong attempts = new AtomicLong();

        private final AtomicLong failedEvents = new AtomicLong();

        private final AtomicLong cancelledEvents = new AtomicLong();

        Round(SplittableRandom random) {
            this.random = random;
            this.minWorkers = random.nextInt(3);
            this.maxWorkers = Math.max(1, this.minWorkers) + random.nextInt(4);
            this.queueCapacity = new int[] { 0, 16, 1_000 }[random.nextInt(3)];
            this.policy = SaturationPolicy.values()[random.nextInt(SaturationPolicy.values().length)];
            this.shutdownAfter = random.nextInt(TOTAL);
            this.shutdownNow = random.nextInt(4) == 0;
            this.drainTimeout = Duration.ofMillis(random.nextInt(5));
            this.queueOrder = random.nextBoolean() ? QueueOrder.PRIORITY : QueueOrder.FIFO;
            this.rateLimit = (random.nextInt(3) == 0)
                    ? RateLimit.of(100_000 + random.nextInt(400_000), Duration.ofSeconds(1))
                        .withBurst(1 + random.nextInt(1_000))
                    : null;
            this.maxQueueWait = (random.nextInt(3) == 0) ? Duration.ofMillis(1 + random.nextInt(5)) : null;
            this.taskTimeout = (random.nextInt(3) == 0) ? Duration.ofMillis(1 + random.nextInt(5)) : null;
        }

        void run() throws Exception {
            WorkerPool pool = WorkerPool.builder("stress")
                .minWorkers(this.minWorkers)
                .maxWorkers(this.maxWorkers)
                .queueCapacity(this.queueCapacity)
                .saturationPolicy(this.policy)
                .blockTimeout(Duration.ofMillis(1))
                .idleTimeout(Duration.ofMillis(1 + this.random.nextInt(20)))
                .terminationGrace(Duration.ofSeconds(10))
                .queueOrder(this.queueOrder)
                .rateLimit(this.rateLimit)
                .maxQueueWait(this.maxQueueWait)
                .expiredTaskHandler((name, task, waited) -> {
                })
                .taskTimeout(this.taskTimeout)
                .listener(this)
                .build();
            CountDownLatch shutdownMoment = new CountDownLatch(1);
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicReference<String> brokenSnapshot = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                while (producing.get() || !pool.isTerminated()) {
                    String problem = invariantViolation(pool.stats());
                    if (problem != null) {
                        brokenSnapshot.compareAndSet(null, problem);
                    }
                    Thread.onSpinWait();
                }
            }, "stats-reader");
            reader.start();
            CyclicBarrier go = new CyclicBarrier(PRODUCERS);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int first = p * TASKS_PER_PRODUCER;
                long producerSeed = this.random.nextLong();
                Thread producer = new Thread(() -> produce(pool, first, producerSeed, go, shutdownMoment),
                        "producer-" + p);
                producers.add(producer);
                producer.start();
            }
            shutdownMoment.await();
            List<Runnable> handedBack = this.shutdownNow ? pool.shutdownNow()
                    : pool.shutdownGracefully(this.drainTimeout).unstarted();
            for (Thread producer : producers) {
                producer.join();
            }
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("terminated").isTrue();
            producing.set(false);
            reader.join();
            assertThat(brokenSnapshot.get()).as("every snapshot keeps the invariant").isNull();
            verify(pool.stats(), handedBack);
        }

        private void produce(WorkerPool pool, int first, long seed, CyclicBarrier go, CountDownLatch shutdownMoment) {
            SplittableRandom random = new SplittableRandom(seed);
            try {
                go.await();
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            for (int id = first; id < first + TASKS_PER_PRODUCER; id++) {
                Tracked task = new Tracked(id, random.nextInt(100) == 0, random.nextInt(2_000) == 0, this.ran);
                boolean accepted;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        try {
                            pool.execute(task);
                            accepted = true;
                        }
                        catch (RejectedTaskException ex) {
                            accepted = false;
                        }
                    }
                    case 1 -> {
                        try {
                            pool.execute(task, random.nextInt(10));
                            accepted = true;
                        }
                        catch (RejectedTaskException ex) {
                            accepted = false;
                        }
                    }
                    case 2 -> accepted = pool.tryExecute(task);
                    default -> accepted = pool.tryExecute(task, Duration.ofNanos(random.nextInt(100_000)));
                }
                if (!accepted) {
                    this.rejected.incrementAndGet(id);
                }
                if (this.attempts.incrementAndGet() == this.shutdownAfter + 1) {
                    shutdownMoment.countDown();
                }
            }
        }

        private static String invariantViolation(PoolStats stats) {
            long accounted = stats.completed() + stats.failed() + stats.cancelled() + stats.timedOut() + stats.expired()
                    + stats.unstarted() + stats.queued() + stats.running();
            if (stats.submitted() != accounted || stats.running() < 0 || stats.idleWorkers() > stats.workers()) {
                return stats.toString();
            }
            return null;
        }

        private void verify(PoolStats stats, List<Runnable> handedBack) {
            AtomicIntegerArray unstarted = new AtomicIntegerArray(TOTAL);
            for (Runnable task : handedBack) {
                unstarted.incrementAndGet(((Tracked) task).id);
            }
            long accepted = 0;
            long refused = 0;
            long ranCount = 0;
            for (int id = 0; id < TOTAL; id++) {
                boolean wasRejected = this.rejected.get(id) == 1;
                int seen = this.finished.get(id) + unstarted.get(id);
                if (wasRejected) {
                    refused++;
                    assertThat(seen).as("refused task %d seen", id).isZero();
                    assertThat(this.ran.get(id)).as("refused task %d ran", id).isZero();
                }
                else {
                    accepted++;
                    assertThat(seen).as("accepted task %d seen", id).isEqualTo(1);
                    assertThat(this.ran.get(id)).as("task %d ran", id).isLessThanOrEqualTo(this.finished.get(id));
                }
                ranCount += this.ran.get(id);
            }
            assertThat(stats.submitted()).isEqualTo(accepted);
            assertThat(stats.rejected()).isEqualTo(refused);
            assertThat(stats.unstarted()).isEqualTo(handedBack.size());
            assertThat(stats.completed() + stats.failed() + stats.cancelled() + stats.timedOut() + stats.expired()
                    + stats.unstarted())
                .isEqualTo(stats.submitted());
            assertThat(stats.expired()).isEqualTo(this.expiredEvents.get());
            assertThat(stats.timedOut()).isEqualTo(this.timedOutEvents.get());
            assertThat(stats.queued()).isZero();
            assertThat(stats.running()).isZero();
            assertThat(stats.failed()).isEqualTo(this.failedEvents.get());
            assertThat(stats.cancelled()).isEqualTo(this.cancelledEvents.get());
            assertThat(ranCount)
                .isLessThanOrEqualTo(stats.completed() + stats.failed() + stats.cancelled() + stats.timedOut());
        }

        @Override
        public void taskFinished(TaskFinished event) {
            this.finished.incrementAndGet(((Tracked) event.task()).id);
            switch (event.outcome()) {
                case FAILED -> this.failedEvents.incrementAndGet();
                case CANCELLED -> this.cancelledEvents.incrementAndGet();
                case EXPIRED -> this.expiredEvents.incrementAndGet();
                case TIMED_OUT -> this.timedOutEvents.incrementAndGet();
                default -> {
                }
            }
        }

        @Override
        public String toString() {
            return "min=" + this.minWorkers + ", max=" + this.maxWorkers + ", capacity=" + this.queueCapacity
                    + ", policy=" + this.policy + ", shutdownAfter=" + this.shutdownAfter + ", "
                    + (this.shutdownNow ? "shutdownNow" : "graceful " + this.drainTimeout) + ", order="
                    + this.queueOrder + ", rateLimit=" + this.rateLimit + ", maxQueueWait=" + this.maxQueueWait
                    + ", taskTimeout=" + this.taskTimeout;
        }

    }

    /**
     * A task that records that it ran, and sometimes fails.
     */
    record Tracked(int id, boolean fails, boolean slow, AtomicIntegerArray ran) implements Runnable {

        @Override
        public void run() {
            this.ran.incrementAndGet(this.id);
            if (this.slow) {
                // A rare slow task, so that task timeouts really fire.
                LockSupport.parkNanos(10_000_000L);
            }
            if (this.fails) {
                throw new IllegalStateException("planned failure of task " + this.id);
            }
        }

    }

}
