package io.poolworks.spring.autoconfigure;

import io.poolworks.event.PoolListener;
import io.poolworks.spring.AsyncTaskNames;
import io.poolworks.spring.TaskObservers;
import io.poolworks.spring.UnfinishedTaskHandler;
import io.poolworks.spring.WorkerPoolCustomizer;
import io.poolworks.spring.WorkerPoolFactory;
import io.poolworks.spring.WorkerPoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

/**
 * {@link AutoConfiguration Auto-configuration} for Poolworks pools: one bean per
 * {@code poolworks.pools.<name>}, the {@link WorkerPoolRegistry}, the
 * {@link WorkerPoolFactory}, and the lifecycle that drains every pool at shutdown; with
 * {@code poolworks-redis} and Spring Data Redis, rate limits shared in Redis and the
 * Redis streams of {@code poolworks.streams} that feed pools.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@Import({ PoolworksPropertiesConfiguration.class, ContextPropagationConfigurations.MissingLibrary.class,
        ContextPropagationConfigurations.Propagation.class, ClusterRateLimitConfiguration.class,
        StreamsConfiguration.class })
public final class PoolworksAutoConfiguration {

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
            ObjectProvider<WorkerPoolCustomizer> customizers, ObjectProvider<TaskObservers> observers,
            ObjectProvider<ClusterPermits> clusterPermits, ApplicationContext context) {
        PoolPropertiesMapper mapper = new PoolPropertiesMapper(properties, environment, clusterPermits.getIfAvailable(),
                context.getClassLoader());
        return new PropertiesWorkerPoolFactory(mapper, taskDecorators, listeners, customizers, observers);
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

}
