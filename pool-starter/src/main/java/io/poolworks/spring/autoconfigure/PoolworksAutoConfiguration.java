package io.poolworks.spring.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.poolworks.event.PoolListener;
import io.poolworks.spring.AsyncTaskNames;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.WorkerPoolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * {@link AutoConfiguration Auto-configuration} for Poolworks pools: one bean per
 * {@code poolworks.pools.<name>}, the {@link WorkerPoolRegistry}, the
 * {@link WorkerPoolFactory}, and the lifecycle that drains every pool at shutdown.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@Import(PoolworksPropertiesConfiguration.class)
public final class PoolworksAutoConfiguration {

    static final String PROPAGATE_CONTEXT = "spring.task.execution.propagate-context";

    private static final Logger logger = LoggerFactory.getLogger(PoolworksAutoConfiguration.class);

    @Bean
    static PoolRegistrationPostProcessor poolworksRegistrationPostProcessor(ObjectProvider<WorkerPoolRegistry> registry,
            ObjectProvider<PoolsProperties> properties, Environment environment, PoolDrain poolworksPoolDrain) {
        return new PoolRegistrationPostProcessor(registry, properties, environment, poolworksPoolDrain);
    }

    // Static and without eager dependencies: bean destruction needs it even when the
    // context failed to start.
    @Bean
    static PoolDrain poolworksPoolDrain(ObjectProvider<WorkerPoolRegistry> registry,
            ObjectProvider<UnfinishedTaskHandler> handlers) {
        return new PoolDrain(registry, handlers);
    }

    @Bean
    static AsyncTaskNames poolworksAsyncTaskNames() {
        return new AsyncTaskNames();
    }

    @Bean
    @ConditionalOnMissingBean
    static WorkerPoolRegistry workerPoolRegistry() {
        return new WorkerPoolRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    WorkerPoolFactory workerPoolFactory(PoolsProperties properties, Environment environment,
            ObjectProvider<TaskDecorator> taskDecorators, ObjectProvider<PoolListener> listeners,
            ObjectProvider<WorkerPoolCustomizer> customizers) {
        return new PropertiesWorkerPoolFactory(new PoolPropertiesMapper(properties, environment), taskDecorators,
                listeners, customizers);
    }

    @Bean
    PoolsLifecycle poolworksPoolsLifecycle(WorkerPoolRegistry registry, PoolDrain poolworksPoolDrain,
            ApplicationContext context, ObjectProvider<ApplicationAvailability> availability) {
        return new PoolsLifecycle(registry, poolworksPoolDrain, context, availability);
    }

    @Bean
    PoolsRefresh poolworksPoolsRefresh(WorkerPoolRegistry registry, Environment environment,
            PoolsProperties properties) {
        return new PoolsRefresh(registry, environment, properties);
    }

    /**
     * Run-time refresh of the pools when Spring Cloud reports a change of the
     * environment.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
    static class EnvironmentChangeConfiguration {

        @Bean
        EnvironmentChangeRefresh poolworksEnvironmentChangeRefresh(PoolsRefresh refresh) {
            return new EnvironmentChangeRefresh(refresh);
        }

    }

    /**
     * Context propagation asked for, but the library that does it is missing: Boot's own
     * executors stay silent about it; the pools say so once.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.context.ContextSnapshot")
    @ConditionalOnProperty(name = PROPAGATE_CONTEXT, havingValue = "true")
    static class MissingContextPropagationConfiguration {

        @Bean
        static InitializingBean poolworksMissingContextPropagationWarning() {
            return () -> logger.warn(
                    "{}=true, but io.micrometer:context-propagation is not on the class path: the MDC "
                            + "and the observation context will not reach pool tasks. Add the dependency "
                            + "io.micrometer:context-propagation (its version is managed by Spring Boot)",
                    PROPAGATE_CONTEXT);
        }

    }

    /**
     * Context propagation into pool tasks, as Spring Boot does for its own executor, with
     * the MDC among the propagated thread locals.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ ContextSnapshot.class, MDC.class })
    @ConditionalOnProperty(name = PROPAGATE_CONTEXT, havingValue = "true")
    static class ContextPropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
            return new ContextPropagatingTaskDecorator();
        }

        @Bean
        InitializingBean poolworksMdcPropagation() {
            return () -> {
                ContextRegistry registry = ContextRegistry.getInstance();
                boolean present = registry.getThreadLocalAccessors()
                    .stream()
                    .anyMatch((accessor) -> Slf4jThreadLocalAccessor.KEY.equals(accessor.key()));
                if (!present) {
                    registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
                }
            };
        }

    }

}
