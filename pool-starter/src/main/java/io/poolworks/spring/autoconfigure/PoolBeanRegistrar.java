package io.poolworks.spring.autoconfigure;

import java.time.Duration;

import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.WorkerPoolFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Checks {@code poolworks.*} and registers one {@link WorkerPool} bean per
 * {@code poolworks.pools.<name>}, named by its key and not a default autowire candidate,
 * so that Spring Boot's own {@code applicationTaskExecutor} stays in place. It runs after
 * the configuration classes were read, so it sees every other bean name.
 */
final class PoolBeanRegistrar implements BeanDefinitionRegistryPostProcessor {

    static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    private final Environment environment;

    PoolBeanRegistrar(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        PoolworksProperties properties = bind(this.environment);
        new PoolPropertiesMapper(properties).validate();
        new WorkerPolicyMapper(properties.getWorkers()).validate(phaseTimeout(this.environment));
        for (String name : properties.getPools().keySet()) {
            checkNameIsFree(registry, name);
            RootBeanDefinition definition = new RootBeanDefinition(WorkerPool.class,
                    () -> ((BeanFactory) registry).getBean(WorkerPoolFactory.class).create(name));
            definition.setDefaultCandidate(false);
            definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
            definition.setDescription("Poolworks pool declared at poolworks.pools." + name);
            registry.registerBeanDefinition(name, definition);
        }
    }

    private static void checkNameIsFree(BeanDefinitionRegistry registry, String name) {
        if (!registry.containsBeanDefinition(name) && !registry.isAlias(name)) {
            return;
        }
        String origin = "";
        if (registry.containsBeanDefinition(name)) {
            BeanDefinition other = registry.getBeanDefinition(name);
            String description = other.getResourceDescription();
            origin = (description != null) ? " (defined in " + description + ")" : "";
        }
        throw new InvalidPoolPropertyException("poolworks.pools." + name, name,
                "each pool becomes a bean named by its key and a bean named '" + name + "' already exists" + origin,
                "Rename the pool, or the other bean");
    }

    static PoolworksProperties bind(Environment environment) {
        return Binder.get(environment).bindOrCreate("poolworks", PoolworksProperties.class);
    }

    static Duration phaseTimeout(Environment environment) {
        return Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElse(DEFAULT_PHASE_TIMEOUT);
    }

}
