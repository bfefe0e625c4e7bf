package io.poolworks.spring.autoconfigure;

import java.util.List;
import java.util.Map;

import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.ConductorListener;
import io.poolworks.conductor.ConductorReport;
import io.poolworks.conductor.Worker;
import io.poolworks.spring.InvalidPoolPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's {@link Worker} beans in one {@link Conductor}: started after the
 * pools and stopped before them, since workers feed pools. A failure that stops every
 * worker turns liveness to {@link LivenessState#BROKEN} and, when configured, closes the
 * context. Every {@link ConductorListener} bean is added to the conductor.
 */
final class WorkersLifecycle implements SmartLifecycle {

    /**
     * Above the pools, below the web server.
     */
    static final int PHASE = PoolsLifecycle.PHASE + 1024;

    static final String CONDUCTOR_NAME = "workers";

    private static final Logger logger = LoggerFactory.getLogger(WorkersLifecycle.class);

    private final Conductor conductor;

    private final ConfigurableApplicationContext context;

    private final boolean closeContextOnFailure;

    private volatile boolean running;

    private volatile boolean stopping;

    WorkersLifecycle(Map<String, Worker> workers, WorkersProperties properties, List<ConductorListener> listeners,
            ConfigurableApplicationContext context) {
        this.context = context;
        this.closeContextOnFailure = properties.isCloseContextOnFailure();
        WorkerPolicyMapper policies = new WorkerPolicyMapper(properties, context.getEnvironment());
        policies.checkShutdownFits(PoolRegistrationPostProcessor.phaseTimeout(context.getEnvironment()));
        for (String name : properties.getOverrides().keySet()) {
            if (!workers.containsKey(name)) {
                throw new InvalidPoolPropertyException("poolworks.workers.overrides." + name, name,
                        "there is no Worker bean by that name; the workers are " + workers.keySet(),
                        "Use the bean name of a Worker, or remove the override");
            }
        }
        Conductor.Builder builder = Conductor.builder(CONDUCTOR_NAME);
        policies.apply("shutdown-timeout", properties.getShutdownTimeout(), builder::shutdownTimeout);
        builder.virtualThreads(properties.isVirtualThreads()).listener(new ConductorListener() {
            @Override
            public void conductorStopped(ConductorReport report) {
                onStopped(report);
            }
        });
        listeners.forEach(builder::listener);
        workers.forEach((name, worker) -> builder.worker(name, worker, policies.policy(name)));
        this.conductor = builder.build();
    }

    Conductor conductor() {
        return this.conductor;
    }

    @Override
    public void start() {
        this.stopping = false;
        this.conductor.start();
        this.running = true;
    }

    @Override
    public void stop() {
        this.stopping = true;
        log(this.conductor.stop());
        this.running = false;
    }

    @Override
    public void stop(Runnable callback) {
        this.stopping = true;
        Thread thread = new Thread(() -> {
            try {
                log(this.conductor.stop());
            }
            finally {
                this.running = false;
                callback.run();
            }
        }, "poolworks-workers-stop");
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void onStopped(ConductorReport report) {
        if (this.stopping || report.failure() == null) {
            return;
        }
        logger.error("Workers stopped after a failure; liveness is now BROKEN", report.failure());
        AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
        if (this.closeContextOnFailure) {
            Thread closer = new Thread(this.context::close, "poolworks-workers-failure");
            closer.start();
        }
    }

    private static void log(ConductorReport report) {
        if (report.clean()) {
            logger.info("Workers stopped in {} ms", report.elapsed().toMillis());
        }
        else {
            logger.warn("Workers stopped in {} ms; stragglers {}, failures {}", report.elapsed().toMillis(),
                    report.stragglers(), report.failures().keySet());
        }
    }

}
