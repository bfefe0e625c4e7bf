package io.poolworks.benchmarks;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import org.dromara.dynamictp.common.em.QueueTypeEnum;
import org.dromara.dynamictp.core.executor.DtpExecutor;
import org.dromara.dynamictp.core.support.ThreadPoolBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executors compared, each with {@link #WORKERS} workers and a queue of the same
 * capacity, running the same task. Every one can say, after it shut down, how many tasks
 * finished by its own accounting (a listener, a timer or its completed-task count), so
 * that a trial that lost a task fails instead of reporting a score; the bulkhead, which
 * keeps no such count, relies on the benchmark's own count-down.
 */
public enum Implementation {

    /** {@link WorkerPool} without a listener. */
    WORKER_POOL {
        @Override
        Subject create(int queueCapacity) {
            WorkerPool pool = workerPool(queueCapacity).build();
            return new ExecutorServiceSubject(pool, () -> pool.stats().completed(), null);
        }
    },

    /** {@link WorkerPool} with a {@link TimerListener} recording both timers. */
    WORKER_POOL_LISTENER {
        @Override
        Subject create(int queueCapacity) {
            TimerListener listener = new TimerListener();
            return new ExecutorServiceSubject(workerPool(queueCapacity).listener(listener).build(), listener.count::sum,
                    null);
        }
    },

    /**
     * {@link WorkerPool} with a listener that does nothing: what the engine itself spends
     * on timing and publishing events, without the listener's own work.
     */
    WORKER_POOL_NOOP_LISTENER {
        @Override
        Subject create(int queueCapacity) {
            WorkerPool pool = workerPool(queueCapacity).listener(new PoolListener() {
            }).build();
            return new ExecutorServiceSubject(pool, () -> pool.stats().completed(), null);
        }
    },

    /**
     * {@link WorkerPool} built by the starter's {@code WorkerPoolFactory} in a Spring
     * context with the starter's metrics auto-configuration and a
     * {@link PrometheusMeterRegistry}: the {@code executor} and {@code executor.idle}
     * timers as the starter records them by default (striped counters read by function
     * timers, and a maximum).
     */
    WORKER_POOL_STARTER_METRICS {
        @Override
        Subject create(int queueCapacity) {
            return starterPool(queueCapacity, false);
        }
    },

    /**
     * The same with {@code poolworks.metrics.histogram=true}: the timers are Micrometer
     * timers that publish a percentile histogram.
     */
    WORKER_POOL_STARTER_HISTOGRAM {
        @Override
        Subject create(int queueCapacity) {
            return starterPool(queueCapacity, true);
        }
    },

    /**
     * {@link #WORKER_POOL_STARTER_METRICS} in an application that can observe tasks (an
     * {@code ObservationRegistry} timing Observations in the meter registry, and the
     * starter's observation auto-configuration) with
     * {@code poolworks.observation.enabled} off, the default: the same cost as without
     * observation support.
     */
    WORKER_POOL_STARTER_OBSERVATION_OFF {
        @Override
        Subject create(int queueCapacity) {
            return starterPool(queueCapacity, StarterMetrics.Observation.OFF);
        }
    },

    /**
     * The same with {@code poolworks.observation.enabled=true}: an Observation
     * {@code poolworks.task} per task, timed by Micrometer's
     * {@code DefaultMeterObservationHandler} (a timer and a long task timer), no tracer.
     */
    WORKER_POOL_STARTER_OBSERVATION_ON {
        @Override
        Subject create(int queueCapacity) {
            return starterPool(queueCapacity, StarterMetrics.Observation.ON);
        }
    },

    /**
     * The same with an {@code ObservationRegistry} whose one handler does nothing: what
     * the Observations and the starter's bookkeeping cost without the meter handler
     * (diagnostic).
     */
    WORKER_POOL_STARTER_OBSERVATION_ON_WITHOUT_METERS {
        @Override
        Subject create(int queueCapacity) {
            return starterPool(queueCapacity, StarterMetrics.Observation.ON_WITHOUT_METERS);
        }
    },

    /**
     * The baseline: a plain JDK {@link ThreadPoolExecutor} over an
     * {@link ArrayBlockingQueue}.
     */
    TPE_ARRAY_BLOCKING_QUEUE {
        @Override
        Subject create(int queueCapacity) {
            ThreadPoolExecutor executor = prestarted(new ArrayBlockingQueue<>(queueCapacity));
            return new ExecutorServiceSubject(executor, executor::getCompletedTaskCount, null);
        }
    },

    /**
     * The baseline wrapped by Micrometer's {@link ExecutorServiceMetrics#monitor}, on a
     * {@link PrometheusMeterRegistry}: what a Micrometer user has today. Every task is
     * wrapped to record the same two timers, {@code executor} and {@code executor.idle}.
     */
    TPE_MICROMETER_MONITORED {
        @Override
        Subject create(int queueCapacity) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ExecutorService monitored = ExecutorServiceMetrics.monitor(registry,
                    prestarted(new ArrayBlockingQueue<>(queueCapacity)), POOL_NAME);
            return new ExecutorServiceSubject(monitored, () -> StarterMetrics.timedTasks(registry, POOL_NAME),
                    registry::close);
        }
    },

    /**
     * {@link Executors#newFixedThreadPool(int)}: a {@link ThreadPoolExecutor} over an
     * unbounded {@link LinkedBlockingQueue}.
     */
    FIXED_THREAD_POOL {
        @Override
        Subject create(int queueCapacity) {
            ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(WORKERS);
            executor.prestartAllCoreThreads();
            return new ExecutorServiceSubject(executor, executor::getCompletedTaskCount, null);
        }
    },

    /**
     * Spring's {@link ThreadPoolTaskExecutor} (a {@link ThreadPoolExecutor} over a
     * {@link LinkedBlockingQueue} of the given capacity).
     */
    SPRING_TASK_EXECUTOR {
        @Override
        Subject create(int queueCapacity) {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(WORKERS);
            executor.setMaxPoolSize(WORKERS);
            executor.setQueueCapacity(queueCapacity);
            executor.setPrestartAllCoreThreads(true);
            executor.setWaitForTasksToCompleteOnShutdown(true);
            executor.setAwaitTerminationSeconds(10);
            executor.setThreadNamePrefix("bench-spring-");
            executor.initialize();
            return new SpringSubject(executor);
        }
    },

    /**
     * dynamic-tp's {@link DtpExecutor} (a {@link ThreadPoolExecutor} that wraps every
     * task for its run-time and queue-time alarms), built by its
     * {@link ThreadPoolBuilder} as a dynamic-tp user does, with its default resizable
     * queue ({@code VariableLinkedBlockingQueue}) of the given capacity and notifications
     * off (nothing to notify outside a Spring application).
     */
    DYNAMIC_TP {
        @Override
        Subject create(int queueCapacity) {
            DtpExecutor executor = ThreadPoolBuilder.newBuilder()
                .threadPoolName("bench-dtp")
                .corePoolSize(WORKERS)
                .maximumPoolSize(WORKERS)
                .keepAliveTime(60)
                .timeUnit(TimeUnit.SECONDS)
                .workQueue(QueueTypeEnum.VARIABLE_LINKED_BLOCKING_QUEUE.getName(), queueCapacity)
                .preStartAllCoreThreads(true)
                .notifyEnabled(false)
                .buildDynamic();
            executor.prestartAllCoreThreads();
            return new ExecutorServiceSubject(executor, executor::getCompletedTaskCount, null);
        }
    },

    /**
     * resilience4j's {@link ThreadPoolBulkhead}: core and maximum threads
     * {@value #WORKERS}, a queue of the given capacity. Every task returns a
     * {@code CompletionStage}, as the bulkhead's API does.
     */
    RESILIENCE4J_BULKHEAD {
        @Override
        Subject create(int queueCapacity) {
            ThreadPoolBulkheadConfig config = ThreadPoolBulkheadConfig.custom()
                .maxThreadPoolSize(WORKERS)
                .coreThreadPoolSize(WORKERS)
                .queueCapacity(queueCapacity)
                .keepAliveDuration(Duration.ofSeconds(60))
                .build();
            return new BulkheadSubject(ThreadPoolBulkhead.of("bench-resilience4j", config));
        }
    };

    /** Workers of every executor. */
    static final int WORKERS = 2;

    /** The name of the measured pool, as a meter tag. */
    static final String POOL_NAME = "bench";

    /**
     * Create and start the executor.
     * @param queueCapacity the capacity of its queue (ignored by
     * {@link #FIXED_THREAD_POOL}, whose queue is unbounded)
     * @return the running executor
     */
    abstract Subject create(int queueCapacity);

    /**
     * A JDK {@link ThreadPoolExecutor} with {@link #WORKERS} workers, all started, over
     * the given queue: the baseline of every benchmark (and, over a priority queue, its
     * priority peer).
     * @param queue the work queue
     * @return the running executor
     */
    static ThreadPoolExecutor prestarted(BlockingQueue<Runnable> queue) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, queue);
        executor.prestartAllCoreThreads();
        return executor;
    }

    /**
     * Shut an executor down after a trial: a {@link WorkerPool} gracefully, any other one
     * with a bounded wait.
     * @param executor the executor, or {@code null} if the set-up never made one
     * @throws InterruptedException if interrupted while waiting
     */
    static void shutdown(@Nullable ExecutorService executor) throws InterruptedException {
        if (executor instanceof WorkerPool pool) {
            pool.shutdownGracefully();
        }
        else if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A builder of the {@link WorkerPool} every benchmark measures: {@link #WORKERS}
     * workers, all started, blocking (never rejecting) when the queue is full.
     * @param queueCapacity the queue capacity
     * @return the builder, to be completed by the caller
     */
    static WorkerPool.Builder workerPool(int queueCapacity) {
        return configure(WorkerPool.builder(POOL_NAME), queueCapacity);
    }

    private static WorkerPool.Builder configure(WorkerPool.Builder builder, int queueCapacity) {
        return builder.minWorkers(WORKERS)
            .maxWorkers(WORKERS)
            .queueCapacity(queueCapacity)
            .saturationPolicy(SaturationPolicy.BLOCK);
    }

    private static Subject starterPool(int queueCapacity, boolean histogram) {
        return starterPool(StarterMetrics.start(histogram), queueCapacity);
    }

    private static Subject starterPool(int queueCapacity, StarterMetrics.Observation observation) {
        return starterPool(StarterMetrics.start(false, observation), queueCapacity);
    }

    private static Subject starterPool(StarterMetrics starter, int queueCapacity) {
        WorkerPool pool = configure(starter.builder(POOL_NAME), queueCapacity).build();
        return new ExecutorServiceSubject(pool, () -> starter.timedTasks(POOL_NAME), starter);
    }

    /**
     * An {@link ExecutorService}, with its own count of finished tasks and what to close
     * after it.
     */
    static final class ExecutorServiceSubject implements Subject {

        private final ExecutorService executor;

        private final LongSupplier finished;

        private final @Nullable AutoCloseable resources;

        ExecutorServiceSubject(ExecutorService executor, LongSupplier finished, @Nullable AutoCloseable resources) {
            this.executor = executor;
            this.finished = finished;
            this.resources = resources;
        }

        @Override
        public void execute(Runnable task) {
            this.executor.execute(task);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return this.executor.submit(task);
        }

        @Override
        public void shutdown() throws Exception {
            Implementation.shutdown(this.executor);
        }

        @Override
        public long finishedTasks() {
            return this.finished.getAsLong();
        }

        @Override
        public void close() throws Exception {
            if (this.resources != null) {
                this.resources.close();
            }
        }

    }

    /** Spring's executor. */
    static final class SpringSubject implements Subject {

        private final ThreadPoolTaskExecutor executor;

        SpringSubject(ThreadPoolTaskExecutor executor) {
            this.executor = executor;
        }

        @Override
        public void execute(Runnable task) {
            this.executor.execute(task);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return this.executor.submit(task);
        }

        @Override
        public void shutdown() {
            this.executor.shutdown();
        }

        @Override
        public long finishedTasks() {
            return this.executor.getThreadPoolExecutor().getCompletedTaskCount();
        }

    }

    /**
     * resilience4j's bulkhead: {@code submit} returns a {@code CompletionStage}, made a
     * {@link Future} here for the round trip.
     */
    static final class BulkheadSubject implements Subject {

        private final ThreadPoolBulkhead bulkhead;

        BulkheadSubject(ThreadPoolBulkhead bulkhead) {
            this.bulkhead = bulkhead;
        }

        @Override
        public void execute(Runnable task) {
            this.bulkhead.executeRunnable(task);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return this.bulkhead.executeCallable(task).toCompletableFuture();
        }

        @Override
        public void shutdown() throws Exception {
            // Waits up to 5 s for the queue to drain, then interrupts.
            this.bulkhead.close();
        }

    }

}
