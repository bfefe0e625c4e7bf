package io.poolworks.conductor;

import java.util.concurrent.ThreadFactory;
import io.poolworks.spi.GuardedCalls;
import io.poolworks.ThreadFactories;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Runs named, long-running {@link Worker workers} as a group: starts them together,
 * applies each worker's {@link FailurePolicy} when it fails, stops them all within a
 * bounded {@code shutdownTimeout} and reports which ones did not stop.
 * <p>
 * Lifecycle: {@link #start()} launches one thread per worker, named
 * {@code <conductor>/<worker>}. The conductor then runs until {@link #stop()} is called,
 * a worker fails under {@link FailurePolicy#stopAll() stop-all} (or spends its restart
 * budget), or every worker has ended by itself (completed, or failed under
 * {@link FailurePolicy#ignore()}). Stopping flips every worker's {@link WorkerContext} to
 * stopping, interrupts its thread, waits up to {@code shutdownTimeout} for all of them,
 * and produces a {@link ConductorReport}. Workers still running after that timeout are
 * left running (their threads are daemon threads) and named as
 * {@link ConductorReport#stragglers() stragglers}. After it terminated, a conductor may
 * be started again; each start is a fresh run with fresh statuses.
 * <p>
 * A conductor is itself a {@link Worker}: registered in another conductor, it runs its
 * own workers and stops them when the parent stops it, so conductors nest. Give the
 * parent a longer {@code shutdownTimeout} than the child.
 * <p>
 * All methods are thread-safe.
 *
 * <pre>{@code
 * Conductor conductor = Conductor.builder("orders")
 *         .worker("poller", ctx -> { while (ctx.sleep(Duration.ofSeconds(1))) { poll(); } })
 *         .worker("indexer", indexer, FailurePolicy.restart(
 *                 Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(30))))
 *         .worker("http", Workers.fromService(server::start, server::stop))
 *         .shutdownTimeout(Duration.ofSeconds(10))
 *         .build();
 *
 * public static void main(String[] args) {
 *     try {
 *         conductor.runUntilShutdown();   // blocks until SIGTERM/SIGINT or a stop-all failure
 *     }
 *     catch (ConductorException ex) {
 *         System.exit(1);
 *     }
 * }
 * }</pre>
 */
public final class Conductor implements Worker {

    /**
     * The default shutdown timeout: 10 seconds.
     */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final String name;

    private final List<WorkerSpec> workers;

    private final Duration shutdownTimeout;

    private final GuardedCalls<ConductorListener> listener;

    private final ThreadFactory threads;

    private final Clock clock;

    private final Instant created;

    private final Object lifecycle = new Object();

    /** Guarded by {@code lifecycle}; the current or last run. */
    private @Nullable ConductorRun run;

    private Conductor(Builder builder, List<WorkerSpec> workers, ThreadFactory threads) {
        this.name = builder.name;
        this.workers = workers;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.listener = GuardedCalls.of(builder.listeners, "conductor '" + builder.name + "'", Conductor.class);
        this.threads = threads;
        this.clock = builder.clock;
        this.created = this.clock.instant();
    }

    /**
     * Returns a new builder for a conductor with the given name.
     * @param name the conductor's name, used in thread names, logs and reports; must not
     * be blank
     * @return the builder
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns this conductor's name.
     * @return the name
     */
    public String name() {
        return this.name;
    }

    /**
     * Returns this conductor's shutdown timeout.
     * @return how long {@link #stop()} waits for the workers
     */
    public Duration shutdownTimeout() {
        return this.shutdownTimeout;
    }

    /**
     * Starts every worker, each on its own thread, and returns without waiting for them.
     * <p>
     * A worker that fails at once is handled by its policy as usual; under stop-all, the
     * others are stopped and the failure shows in {@link #status()}, in the report of
     * {@link #stop()} and through {@link #awaitTermination(Duration)}. A conductor
     * without workers terminates at once.
     * @throws IllegalStateException if this conductor is already running
     */
    public void start() {
        ConductorRun started;
        synchronized (this.lifecycle) {
            if (this.run != null && !this.run.isTerminated()) {
                throw new IllegalStateException("Conductor '" + this.name + "' is already running");
            }
            started = newRun();
            this.run = started;
        }
        started.start();
    }

    /**
     * Stops every worker and waits for them up to the shutdown timeout.
     * <p>
     * Each worker's context flips to stopping and its thread is interrupted; workers in
     * backoff are not restarted. Returns once all workers ended or the timeout ran out,
     * whichever comes first. Calling it again, concurrently or after the conductor
     * terminated by itself, returns the same report. Before {@link #start()}, returns a
     * clean report in which every worker is {@link WorkerState#NEW}. Do not call it from
     * one of this conductor's own workers: return or throw instead.
     * @return the report of this run
     */
    public ConductorReport stop() {
        ConductorRun current = currentRun();
        if (current == null) {
            List<WorkerOutcome> outcomes = this.workers.stream()
                .map((spec) -> new WorkerOutcome(spec.name(), WorkerState.NEW, true, 0, 0, null))
                .toList();
            return new ConductorReport(this.name, outcomes, Duration.ZERO, null);
        }
        return current.stop();
    }

    /**
     * Waits until the current run has terminated (stopped and reported).
     * @param timeout how long to wait at most; zero or negative does not wait
     * @return {@code true} if terminated, {@code false} if the timeout ran out or the
     * conductor was never started
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        ConductorRun current = currentRun();
        return current != null && current.awaitTermination(timeout);
    }

    /**
     * Runs this conductor until the JVM is asked to shut down (SIGINT, SIGTERM or
     * {@link System#exit(int)}), a worker fails under stop-all, or every worker has ended
     * by itself; then stops the workers within the shutdown timeout.
     * <p>
     * Starts the conductor unless it is already running. A JVM shutdown hook, registered
     * for the duration of this call, stops the workers and keeps the JVM alive until they
     * stopped or the timeout ran out; the JVM then exits with its usual status for the
     * signal (143 for SIGTERM, 130 for SIGINT). A stop-all failure is thrown so that
     * {@code main} can exit with its own status. If the calling thread is interrupted,
     * the conductor is stopped and the interrupt status is kept.
     * @return the report, when the conductor stopped without a stop-all failure
     * @throws ConductorException if a worker's failure ended the conductor; it names the
     * worker and carries the failure
     */
    public ConductorReport runUntilShutdown() {
        ConductorRun target;
        boolean fresh;
        synchronized (this.lifecycle) {
            target = this.run;
            fresh = target == null || target.isTerminated();
            if (fresh) {
                target = newRun();
                this.run = target;
            }
        }
        // Hook first, then start: a signal in between still stops the workers.
        ShutdownHook hook = ShutdownHook.register(this.name, target);
        if (fresh) {
            target.start();
        }
        ConductorReport report;
        try {
            target.awaitTermination();
            report = target.stop();
        }
        catch (InterruptedException ex) {
            report = target.stop();
            Thread.currentThread().interrupt();
        }
        hook.remove();
        ConductorException failure = report.failure();
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    /**
     * Returns the status of every worker, in registration order.
     * <p>
     * Before the first {@link #start()}, every worker is {@link WorkerState#NEW}; after
     * the conductor terminated, the statuses are those of its last run.
     * @return an immutable snapshot, one entry per worker
     */
    public List<WorkerStatus> status() {
        ConductorRun current = currentRun();
        if (current == null) {
            return this.workers.stream()
                .map((spec) -> new WorkerStatus(spec.name(), WorkerState.NEW, 0, null, this.created))
                .toList();
        }
        return current.status();
    }

    /**
     * Runs this conductor as a worker of a parent conductor: starts it, waits until it
     * terminates by itself or the parent stops it, and then stops it within its own
     * shutdown timeout.
     * @param ctx the parent's context for this conductor
     * @throws ConductorException if one of this conductor's workers ended it with a
     * stop-all failure, so that the parent's policy for this conductor applies
     * @throws IllegalStateException if this conductor is already running
     */
    @Override
    public void run(WorkerContext ctx) {
        if (ctx.isStopping()) {
            return;
        }
        ConductorRun current;
        synchronized (this.lifecycle) {
            if (this.run != null && !this.run.isTerminated()) {
                throw new IllegalStateException("Conductor '" + this.name + "' is already running");
            }
            current = newRun();
            this.run = current;
        }
        current.start();
        try {
            // The parent interrupts this thread when it stops; polling the context
            // covers a caller that does not interrupt.
            while (!ctx.isStopping() && !current.awaitTermination(Duration.ofSeconds(1))) {
                // Still running.
            }
        }
        catch (InterruptedException ex) {
            // Stopping: handled below.
        }
        ConductorReport report = current.stop();
        ConductorException failure = report.failure();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Conductor '" + this.name + "' " + this.workers.stream().map(WorkerSpec::name).toList();
    }

    private @Nullable ConductorRun currentRun() {
        synchronized (this.lifecycle) {
            return this.run;
        }
    }

    private ConductorRun newRun() {
        Instant now = this.clock.instant();
        List<WorkerSlot> slots = this.workers.stream()
            .map((spec) -> new WorkerSlot(spec.name(), spec.worker(), spec.policy(), now))
            .toList();
        return new ConductorRun(this.name, slots, this.shutdownTimeout, this.listener, this.threads, this.clock);
    }

    /** A worker as registered with the builder. */
    private record WorkerSpec(String name, Worker worker, FailurePolicy policy) {

    }

    /**
     * Builds a {@link Conductor}. Setters validate their argument at once;
     * {@code build()} checks the rest and snapshots, so a builder can be reused. Last
     * write wins, except for {@link #worker(String, Worker) workers} and
     * {@link #listener(ConductorListener) listeners}, which accumulate.
     * <p>
     * Builders are mutable and not thread-safe.
     *
     * <pre>{@code
     * Conductor conductor = Conductor.builder("ingest")
     *         .worker("reader", reader)
     *         .worker("writer", writer, FailurePolicy.restart(Backoff.exponential(
     *                 Duration.ofMillis(100), Duration.ofSeconds(10)).withBudget(3, Duration.ofMinutes(1))))
     *         .worker("auditor", auditor, FailurePolicy.ignore())
     *         .defaultFailurePolicy(FailurePolicy.stopAll())
     *         .shutdownTimeout(Duration.ofSeconds(5))
     *         .listener(metricsListener)
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private final String name;

        private final Map<String, Worker> workers = new LinkedHashMap<>();

        private final Map<String, @Nullable FailurePolicy> policies = new LinkedHashMap<>();

        private final List<String> duplicates = new ArrayList<>();

        private final List<ConductorListener> listeners = new ArrayList<>();

        private FailurePolicy defaultFailurePolicy = FailurePolicy.stopAll();

        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

        private boolean virtualThreads;

        private Clock clock = Clock.systemUTC();

        private Builder(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
            }
            this.name = name;
        }

        /**
         * Adds a worker that uses the {@link #defaultFailurePolicy(FailurePolicy) default
         * failure policy}.
         * @param name the worker's name, unique within this conductor; must not be blank
         * @param worker the worker
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder worker(String name, Worker worker) {
            return add(name, worker, null);
        }

        /**
         * Adds a worker with its own failure policy.
         * @param name the worker's name, unique within this conductor; must not be blank
         * @param worker the worker
         * @param policy what to do when it fails
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder worker(String name, Worker worker, FailurePolicy policy) {
            Objects.requireNonNull(policy,
                    () -> "policy must not be null for worker '" + name + "' of conductor '" + this.name + "'");
            return add(name, worker, policy);
        }

        /**
         * Sets the policy of the workers added without one. Applies at {@link #build()},
         * so it may be set before or after those workers are added. Defaults to
         * {@link FailurePolicy#stopAll()}.
         * @param policy the default policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is {@code null}
         */
        public Builder defaultFailurePolicy(FailurePolicy policy) {
            this.defaultFailurePolicy = Objects.requireNonNull(policy,
                    () -> "defaultFailurePolicy must not be null for conductor '" + this.name + "'");
            return this;
        }

        /**
         * Sets how long {@link Conductor#stop()} waits for the workers after asking them
         * to stop. Defaults to 10 seconds.
         * @param shutdownTimeout the timeout; zero does not wait at all (every worker not
         * yet ended is a straggler); must not be negative
         * @return this builder
         * @throws NullPointerException if {@code shutdownTimeout} is {@code null}
         * @throws IllegalArgumentException if {@code shutdownTimeout} is negative
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            Objects.requireNonNull(shutdownTimeout,
                    () -> "shutdownTimeout must not be null for conductor '" + this.name + "'");
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be >= 0 but was " + shutdownTimeout
                        + " for conductor '" + this.name + "'");
            }
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Adds a listener for the events of the workers; several listeners are called in
         * the order they were added.
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder listener(ConductorListener listener) {
            this.listeners.add(Objects.requireNonNull(listener,
                    () -> "listener must not be null for conductor '" + this.name + "'"));
            return this;
        }

        /**
         * Sets whether workers run on virtual threads instead of daemon platform threads.
         * Virtual threads need Java 21 or later; {@link #build()} checks. Defaults to
         * {@code false}.
         * @param virtualThreads whether to use virtual threads
         * @return this builder
         */
        public Builder virtualThreads(boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
            return this;
        }

        /** Sets the clock of the statuses' and events' instants; a seam for tests. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Builds the conductor. The builder can be changed and reused afterwards without
         * affecting it.
         * @return the conductor, not yet started
         * @throws IllegalArgumentException if two workers have the same name; the message
         * names them
         * @throws IllegalStateException if virtual threads were requested and this Java
         * is older than 21; the message names the option and the running Java version
         */
        public Conductor build() {
            if (!this.duplicates.isEmpty()) {
                throw new IllegalArgumentException("worker names must be unique but " + this.duplicates
                        + " were added more than once to conductor '" + this.name + "'");
            }
            List<WorkerSpec> specs = new ArrayList<>();
            this.workers.forEach((workerName, worker) -> {
                FailurePolicy policy = this.policies.get(workerName);
                specs.add(new WorkerSpec(workerName, worker, (policy != null) ? policy : this.defaultFailurePolicy));
            });
            // Daemon: a straggler the conductor gave up on must not keep the JVM alive.
            ThreadFactory threads = this.virtualThreads
                    ? ThreadFactories.virtual(this.name + "/", "conductor '" + this.name + "'")
                    : ThreadFactories.platform(this.name + "/", true);
            return new Conductor(this, List.copyOf(specs), threads);
        }

        private Builder add(String name, Worker worker, @Nullable FailurePolicy policy) {
            Objects.requireNonNull(name, () -> "worker name must not be null in conductor '" + this.name + "'");
            Objects.requireNonNull(worker,
                    () -> "worker must not be null for worker '" + name + "' of conductor '" + this.name + "'");
            if (name.isBlank()) {
                throw new IllegalArgumentException(
                        "worker name must not be blank but was '" + name + "' in conductor '" + this.name + "'");
            }
            if (this.workers.containsKey(name)) {
                if (!this.duplicates.contains(name)) {
                    this.duplicates.add(name);
                }
                return this;
            }
            this.workers.put(name, worker);
            this.policies.put(name, policy);
            return this;
        }

    }

}
