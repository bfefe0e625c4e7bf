package io.poolworks.spring.autoconfigure;

import java.time.Duration;

import io.poolworks.PoolSettings;
import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.WorkerPoolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Adds every {@link WorkerPool} bean to the {@link WorkerPoolRegistry}, whether it came
 * from properties or from user code, fails startup if its graceful shutdown cannot fit in
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, and logs its effective settings.
 * Before a pool bean is destroyed, it drains the pools through {@link PoolDrain}, so that
 * destruction never depends on {@code close()}, which waits for every task.
 */
final class PoolRegistrationPostProcessor implements DestructionAwareBeanPostProcessor {

    private static final Logger logger = LoggerFactory.getLogger(PoolsLifecycle.class);

    static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    static final String PHASE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    private final ObjectProvider<WorkerPoolRegistry> registry;

    private final ObjectProvider<PoolsProperties> properties;

    private final Environment environment;

    private final PoolDrain drain;

    PoolRegistrationPostProcessor(ObjectProvider<WorkerPoolRegistry> registry,
            ObjectProvider<PoolsProperties> properties, Environment environment, PoolDrain drain) {
        this.registry = registry;
        this.properties = properties;
        this.environment = environment;
        this.drain = drain;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof WorkerPool pool) {
            try {
                checkShutdownFits(pool);
                this.registry.getObject().register(pool);
                logger.info("Pool '{}' started: {}", pool.name(), PoolDescription.of(pool));
            }
            catch (RuntimeException ex) {
                pool.shutdownNow();
                throw ex;
            }
        }
        return bean;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        if (bean instanceof WorkerPool) {
            this.drain.drainAll().join();
        }
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof WorkerPool;
    }

    static Duration phaseTimeout(Environment environment) {
        return Binder.get(environment).bind(PHASE_TIMEOUT_PROPERTY, Duration.class).orElse(DEFAULT_PHASE_TIMEOUT);
    }

    private void checkShutdownFits(WorkerPool pool) {
        Duration phase = phaseTimeout(this.environment);
        PoolSettings settings = pool.settings();
        Duration bound = settings.shutdownBound();
        if (bound.compareTo(phase) <= 0) {
            return;
        }
        PoolsProperties properties = this.properties.getIfAvailable(PoolsProperties::new);
        String drainProperty = new PoolPropertiesMapper(properties, this.environment).drainTimeoutProperty(pool.name());
        String rule = "pool '" + pool.name() + "' may need " + Durations.format(bound) + " to shut down (drain-timeout "
                + Durations.format(settings.drainTimeout()) + " + termination-grace "
                + Durations.format(settings.terminationGrace()) + ") and that must fit in " + PHASE_TIMEOUT_PROPERTY
                + " (" + Durations.format(phase) + ")";
        String fix = "Lower the drain-timeout of pool '" + pool.name() + "' to at most "
                + Durations.format(phase.minus(settings.terminationGrace())) + ", or raise " + PHASE_TIMEOUT_PROPERTY
                + " to " + Durations.format(bound) + " or more";
        if (drainProperty != null) {
            throw new InvalidPoolPropertyException(drainProperty,
                    ConfiguredValues.shown(this.environment, drainProperty, settings.drainTimeout()), rule, fix);
        }
        throw new InvalidPoolPropertyException(PHASE_TIMEOUT_PROPERTY,
                ConfiguredValues.shown(this.environment, PHASE_TIMEOUT_PROPERTY, phase), rule, fix);
    }

}
