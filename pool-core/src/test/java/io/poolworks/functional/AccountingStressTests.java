package io.poolworks.functional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.poolworks.AdaptiveLimit;
import io.poolworks.OverloadedException;
import io.poolworks.PoolStats;
import io.poolworks.QueueOrder;
import io.poolworks.RateLimit;
import io.poolworks.RejectedTaskException;
import io.poolworks.SaturationPolicy;
import io.poolworks.ShutdownReport;
import io.poolworks.ThreadFactories;
import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four producers submit 100,000 tasks each while a shutdown starts at a random moment:
 * every accepted task is seen exactly once (finished or handed back), every refused task
 * never, and every stats snapshot taken meanwhile satisfies the accounting invariant.
 * Rounds mix in futures cancelled while queued or running, a permit source that fails or
 * makes workers wait, a thread factory that sometimes cannot make a thread, an adaptive
 * limit (with some failures marked as overload), and a tuner that resizes, pauses and
 * resumes the pool, and pins and unpins its adaptive limit, while it works.
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

        private final AdaptiveLimit adaptiveLimit;

        private final AtomicLong expiredEvents = new AtomicLong();

        private final AtomicLong timedOutEvents = new AtomicLong();

        private final AtomicIntegerArray ran = new AtomicIntegerArray(TOTAL);

        private final AtomicIntegerArray finished = new AtomicIntegerArray(TOTAL);

        private final AtomicIntegerArray rejected = new AtomicIntegerArray(TOTAL);

        private final AtomicLong attempts = new AtomicLong();

        private final AtomicLong failedEvents = new AtomicLong();

        private final AtomicLong cancelledEvents = new AtomicLong();

        /** The id of each task submitted as a future, by the future. */
        private final Map<Object, Integer> futureIds = new ConcurrentHashMap<>();

        /**
         * The id a producer submits as a future right now: a caller may run it inside.
         */
        private final ThreadLocal<Integer> submitting = new ThreadLocal<>();

        private final boolean flakyPermits;

        private final boolean flakyFactory;

        private final boolean tuner;

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
            this.adaptiveLimit = (random.nextInt(3) == 0)
                    ? AdaptiveLimit.of(AdaptiveLimit.Algorithm.values()[random.nextInt(3)])
                        .withInitial(1 + random.nextInt(this.maxWorkers))
                    : null;
            this.flakyPermits = this.rateLimit == null && random.nextInt(3) == 0;
            this.flakyFactory = random.nextInt(3) == 0;
            this.tuner = random.nextBoolean();
        }

        void run() throws Exception {
            WorkerPool.Builder builder = WorkerPool.builder("stress")
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
                .adaptiveLimit(this.adaptiveLimit)
                .listener(this)
                .threadFactory(this.flakyFactory ? new SometimesFailing(this.random.nextLong())
                        : ThreadFactories.platform("stress-", false));
            if (this.flakyPermits) {
                builder.startPermits(new FlakyPermits(this.random.nextLong()));
            }
            WorkerPool pool = builder.build();
            CountDownLatch shutdownMoment = new CountDownLatch(1);
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicReference<String> brokenSnapshot = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                while (producing.get() || !pool.isTerminated()) {
                    String problem = invariantViolation(pool.stats(), this.adaptiveLimit != null);
                    if (problem != null) {
                        brokenSnapshot.compareAndSet(null, problem);
                    }
                    Thread.onSpinWait();
                }
            }, "stats-reader");
            reader.start();
            Thread tuning = new Thread(() -> tune(pool, producing, this.random.split()), "tuner");
            if (this.tuner) {
                tuning.start();
            }
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
            tuning.join();
            assertThat(brokenSnapshot.get()).as("every snapshot keeps the invariant").isNull();
            verify(pool.stats(), handedBack);
        }

        /**
         * Change the pool's size, capacity and pause while it works; refusals are fine.
         */
        private void tune(WorkerPool pool, AtomicBoolean producing, SplittableRandom random) {
            while (producing.get() && !pool.isShutdown()) {
                int min = random.nextInt(3);
                int max = Math.max(1, min) + random.nextInt(4);
                Integer pinned = (random.nextInt(3) == 0) ? 1 + random.nextInt(max) : null;
                pool.tuning()
                    .update((change) -> change.minWorkers(min)
                        .maxWorkers(max)
                        .queueCapacity(new int[] { 0, 16, 1_000 }[random.nextInt(3)])
                        .paused(random.nextInt(4) == 0)
                        .adaptiveLimit((this.adaptiveLimit != null) ? pinned : null));
                LockSupport.parkNanos(random.nextInt(200_000));
            }
            pool.tuning().resume();
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
                switch (random.nextInt(6)) {
                    case 0 -> {
                        try {
                            pool.execute(task);
                            accepted = true;
                        }
                        catch (RejectedTaskException ex) {
                            accepted = false;
                        }
                        finally {
                            this.submitting.remove();
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
                        finally {
                            this.submitting.remove();
                        }
                    }
                    case 2 -> accepted = pool.tryExecute(task);
                    case 3 -> {
                        this.submitting.set(id);
                        try {
                            Future<?> future = pool.submit(task);
                            this.futureIds.put(future, id);
                            accepted = true;
                            if (random.nextInt(5) == 0) {
                                future.cancel(random.nextBoolean());
                            }
                        }
                        catch (RejectedTaskException ex) {
                            accepted = false;
                        }
                        finally {
                            this.submitting.remove();
                        }
                    }
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

        private static String invariantViolation(PoolStats stats, boolean adaptive) {
            long accounted = stats.completed() + stats.failed() + stats.cancelled() + stats.timedOut() + stats.expired()
                    + stats.unstarted() + stats.queued() + stats.running();
            boolean limitInRange = adaptive ? stats.adaptiveLimit() >= 1 && stats.adaptiveLimit() <= stats.maxWorkers()
                    : stats.adaptiveLimit() == 0;
            if (stats.submitted() != accounted || stats.running() < 0 || stats.idleWorkers() > stats.workers()
                    || !limitInRange) {
                return stats.toString();
            }
            return null;
        }

        private void verify(PoolStats stats, List<Runnable> handedBack) {
            AtomicIntegerArray unstarted = new AtomicIntegerArray(TOTAL);
            for (Runnable task : handedBack) {
                unstarted.incrementAndGet(idOf(task));
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

        private int idOf(Runnable task) {
            if (task instanceof Tracked tracked) {
                return tracked.id;
            }
            // A future finished before its producer could note its id: either the
            // producer runs it itself (caller-runs), or it notes it in a moment.
            Integer id = this.futureIds.get(task);
            if (id == null) {
                id = this.submitting.get();
            }
            while (id == null) {
                Thread.onSpinWait();
                id = this.futureIds.get(task);
            }
            return id;
        }

        @Override
        public void taskFinished(TaskFinished event) {
            this.finished.incrementAndGet(idOf(event.task()));
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
                    + ", taskTimeout=" + this.taskTimeout + ", flakyPermits=" + this.flakyPermits + ", flakyFactory="
                    + this.flakyFactory + ", adaptiveLimit=" + this.adaptiveLimit + ", tuner=" + this.tuner;
        }

    }

    /**
     * Permits that are sometimes refused for a while and sometimes cannot be had at all.
     */
    static final class FlakyPermits implements StartPermits {

        private final SplittableRandom random;

        FlakyPermits(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public long tryAcquire() {
            int draw = this.random.nextInt(100);
            if (draw == 0) {
                throw new IllegalStateException("permit store unreachable");
            }
            return (draw < 5) ? 1 + this.random.nextInt(50_000) : 0L;
        }

        @Override
        public void release() {
        }

        @Override
        public @Nullable RateLimit rateLimit() {
            return null;
        }

    }

    /**
     * A thread factory that cannot make one thread in ten, once the pool's first workers
     * (which {@code build()} needs) are made.
     */
    static final class SometimesFailing implements ThreadFactory {

        private final SplittableRandom random;

        private final ThreadFactory threads = ThreadFactories.platform("stress-", false);

        private int made;

        SometimesFailing(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public synchronized Thread newThread(Runnable runnable) {
            if (this.made++ >= 3 && this.random.nextInt(10) == 0) {
                throw new OutOfMemoryError("unable to create native thread (on purpose)");
            }
            return this.threads.newThread(runnable);
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
                throw (this.id % 2 == 0) ? new OverloadedException("planned overload of task " + this.id)
                        : new IllegalStateException("planned failure of task " + this.id);
            }
        }

    }

}
