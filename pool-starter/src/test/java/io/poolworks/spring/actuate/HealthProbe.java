package io.poolworks.spring.actuate;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;

/**
 * Records what a health indicator says while the context closes: it stops at phase 0,
 * after the pools and the workers.
 */
final class HealthProbe implements SmartLifecycle, ApplicationContextAware {

    private final String indicator;

    private final List<Health> seen;

    private ApplicationContext context;

    private volatile boolean running;

    HealthProbe(String indicator, List<Health> seen) {
        this.indicator = indicator;
        this.seen = seen;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.seen.add(this.context.getBean(this.indicator, HealthIndicator.class).health());
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return 0;
    }

}
