package io.poolworks.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.poolworks.SaturationPolicy;
import io.poolworks.WorkerPool;
import io.poolworks.event.PoolListener;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executors compared, each with {@link #WORKERS} workers started up front and a queue
 * of the same capacity, running the same task.
 */
public enum Implementation {

    /** {@link WorkerPool} without a listener. */
    WORKER_POOL {
        @Override
        Subject create(int queueCapacity) {
            return new ExecutorServiceSubject(workerPool(queueCapacity).build(), null);
        }
    },

    /** {@link WorkerPool} with a {@link TimerListener} recording both timers. */
    WORKER_POOL_LISTENER {
        @Override
        Subject create(int queueCapacity) {
            TimerListener listener = new TimerListener();
            return new ExecutorServiceSubject(workerPool(queueCapacity).listener(listener).build(), listener);
        }
    },

    /**
     * {@link WorkerPool} with a listener that does nothing: what the engine itself spends
     * on timing and publishing events, without the listener's own work.
     */
    WORKER_POOL_NOOP_LISTENER {
        @Override
        Subject create(int queueCapacity) {
            return new ExecutorServiceSubject(workerPool(queueCapacity).listener(new PoolListener() {
            }).build(), null);
        }
    },

    /**
     * The baseline: a plain JDK {@link ThreadPoolExecutor} over an
     * {@link ArrayBlockingQueue}.
     */
    TPE_ARRAY_BLOCKING_QUEUE {
        @Override
        Subject create(int queueCapacity) {
            return new ExecutorServiceSubject(prestarted(new ArrayBlockingQueue<>(queueCapacity)), null);
        }
    },

    /**
     * {@link Executors#newFixedThreadPool(int)}: a {@link ThreadPoolExecutor} over an
     * unbounded {@link LinkedBlockingQueue}.
     */
    FIXED_THREAD_POOL {
        @Override
        Subject create(int queueCapacity) {
            ExecutorService executor = Executors.newFixedThreadPool(WORKERS);
            if (executor instanceof ThreadPoolExecutor threadPool) {
                threadPool.prestartAllCoreThreads();
            }
            return new ExecutorServiceSubject(executor, null);
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
    };

    /** Workers of every executor. */
    static final int WORKERS = 2;

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
        return WorkerPool.builder("bench")
            .minWorkers(WORKERS)
            .maxWorkers(WORKERS)
            .queueCapacity(queueCapacity)
            .saturationPolicy(SaturationPolicy.BLOCK);
    }

    /** An {@link ExecutorService}, with the listener it reports to if any. */
    static final class ExecutorServiceSubject implements Subject {

        private final ExecutorService executor;

        final @Nullable TimerListener listener;

        ExecutorServiceSubject(ExecutorService executor, @Nullable TimerListener listener) {
            this.executor = executor;
            this.listener = listener;
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
        public void shutdown() throws InterruptedException {
            Implementation.shutdown(this.executor);
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

    }

}
