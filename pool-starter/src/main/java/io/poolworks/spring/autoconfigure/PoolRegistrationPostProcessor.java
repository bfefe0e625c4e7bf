package io.poolworks.spring.autoconfigure;

import java.time.Duration;

import io.poolworks.PoolSettings;
import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.WorkerPoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Adds every {@link WorkerPool} bean to the {@link WorkerPoolRegistry}, whether it came
 * from properties or from user code, and fails startup if its graceful shutdown cannot
 * fit in {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
final class PoolRegistrationPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<WorkerPoolRegistry> registry;

    private final Environment environment;

    PoolRegistrationPostProcessor(ObjectProvider<WorkerPoolRegistry> registry, Environment environment) {
        this.registry = registry;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof WorkerPool pool) {
            try {
                checkShutdownFits(pool);
                this.registry.getObject().register(pool);
            }
            catch (RuntimeException ex) {
                pool.shutdownNow();
                throw ex;
            }
        }
        return bean;
    }

    private void checkShutdownFits(WorkerPool pool) {
        Duration phase = PoolBeanRegistrar.phaseTimeout(this.environment);
        PoolSettings settings = pool.settings();
        Duration bound = settings.shutdownBound();
        if (bound.compareTo(phase) <= 0) {
            return;
        }
        String drainProperty = new PoolPropertiesMapper(PoolBeanRegistrar.bind(this.environment))
            .drainTimeoutProperty(pool.name());
        String rule = "pool '" + pool.name() + "' may need " + bound + " to shut down (drain-timeout "
                + settings.drainTimeout() + " + termination-grace " + settings.terminationGrace()
                + ") and that must fit in spring.lifecycle.timeout-per-shutdown-phase (" + phase + ")";
        String fix = "Lower the drain-timeout of pool '" + pool.name() + "' to at most "
                + phase.minus(settings.terminationGrace())
                + ", or raise spring.lifecycle.timeout-per-shutdown-phase to " + bound + " or more";
        if (drainProperty != null) {
            throw new InvalidPoolPropertyException(drainProperty, settings.drainTimeout(), rule, fix);
        }
        throw new InvalidPoolPropertyException("spring.lifecycle.timeout-per-shutdown-phase", phase, rule, fix);
    }

}
