package io.poolworks.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.poolworks.WorkerPool;
import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.SpringWorkerPool;
import io.poolworks.spring.WorkerPoolFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Binds {@code poolworks.*} once, registers the bound properties, one stream source bean
 * per {@code poolworks.streams.<binding>} ({@link StreamSourceBeans}), and one
 * {@link SpringWorkerPool} bean per {@code poolworks.pools.<name>}: named
 * {@code <name>WorkerPool}, so that it cannot clash with an application bean by accident,
 * qualified {@code <name>} for {@code @Qualifier}, {@code @Async} and
 * {@code @Scheduled(scheduler = ...)}, and aliased {@code <name>} when no other bean has
 * that name. Pools are not default autowire candidates, so that Spring Boot's own
 * {@code applicationTaskExecutor} stays in place. It runs after the configuration classes
 * were read, so it sees every other bean name.
 */
final class PoolBeanRegistrar implements BeanDefinitionRegistryPostProcessor {

    static final String POOLS_PROPERTIES_BEAN_NAME = "poolworks-" + PoolsProperties.class.getName();

    static final String WORKERS_PROPERTIES_BEAN_NAME = "poolworks.workers-" + WorkersProperties.class.getName();

    static final String STREAMS_PROPERTIES_BEAN_NAME = "poolworks.streams-" + StreamsProperties.class.getName();

    private static final String STREAM_SOURCE = "io.poolworks.redis.StreamSource";

    private static final String LETTUCE = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    private static final Logger logger = LoggerFactory.getLogger(PoolBeanRegistrar.class);

    private final Environment environment;

    private @Nullable PoolsProperties pools;

    PoolBeanRegistrar(Environment environment) {
        this.environment = environment;
    }

    /**
     * Return the name of the bean of a pool declared in properties.
     * @param pool the pool name
     * @return the bean name
     */
    static String beanName(String pool) {
        return pool + "WorkerPool";
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        PoolworksBinding binding = PoolworksBinding.bind(this.environment);
        SingletonBeanRegistry singletons = (SingletonBeanRegistry) registry;
        singletons.registerSingleton(POOLS_PROPERTIES_BEAN_NAME, binding.pools());
        singletons.registerSingleton(WORKERS_PROPERTIES_BEAN_NAME, binding.workers());
        singletons.registerSingleton(STREAMS_PROPERTIES_BEAN_NAME, binding.streams());
        this.pools = binding.pools();
        for (String name : binding.pools().getPools().keySet()) {
            String beanName = beanName(name);
            if (registry.containsBeanDefinition(beanName) || registry.isAlias(beanName)) {
                throw clash(name,
                        "its bean would be named '" + beanName + "' and a bean by that name already exists"
                                + origin(registry.containsBeanDefinition(beanName)
                                        ? registry.getBeanDefinition(beanName) : null));
            }
            RootBeanDefinition definition = new RootBeanDefinition(SpringWorkerPool.class,
                    () -> SpringWorkerPool.of(((BeanFactory) registry).getBean(WorkerPoolFactory.class).create(name)));
            definition.setDefaultCandidate(false);
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            // Never the inferred close(): it waits for every task. PoolsLifecycle drains
            // the pool within its deadline before it is destroyed.
            definition.setDestroyMethodName("");
            definition.setDescription("Poolworks pool declared at poolworks.pools." + name);
            registry.registerBeanDefinition(beanName, definition);
        }
        if (!binding.streams().getStreams().isEmpty()) {
            checkStreamsCanBeRead(binding.streams(), ((ConfigurableListableBeanFactory) registry).getBeanClassLoader());
            StreamSourceBeans.register(registry, binding.streams());
        }
    }

    /**
     * A stream binding needs poolworks-redis and Spring Data Redis: say which is missing
     * before a class of theirs is touched.
     */
    private static void checkStreamsCanBeRead(StreamsProperties streams, @Nullable ClassLoader classLoader) {
        List<String> missing = new ArrayList<>();
        if (!ClassUtils.isPresent(STREAM_SOURCE, classLoader)) {
            missing.add("io.poolworks:poolworks-redis");
        }
        if (!ClassUtils.isPresent(LETTUCE, classLoader)) {
            missing.add("org.springframework.boot:spring-boot-starter-data-redis");
        }
        if (missing.isEmpty()) {
            return;
        }
        String binding = streams.getStreams().keySet().iterator().next();
        String property = StreamBindingMapper.PREFIX + binding;
        String what = String.join(" and ", missing);
        throw new InvalidPoolPropertyException(property, binding,
                "a Redis stream binding needs " + what + " on the class path",
                "Add " + what + " to the application's dependencies, or remove " + property);
    }

    /**
     * Alias each pool by its name, now that every bean definition is known, unless
     * another bean has that name: then the pool is found by its qualifier only. Another
     * {@link Executor} by that name would make {@code @Async("<name>")} ambiguous, so it
     * fails startup.
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        boundedDestruction(beanFactory);
        if (this.pools == null) {
            return;
        }
        for (String name : this.pools.getPools().keySet()) {
            if (!beanFactory.containsBean(name)) {
                beanFactory.registerAlias(beanName(name), name);
                continue;
            }
            Class<?> type = beanFactory.getType(name, false);
            if (type != null && Executor.class.isAssignableFrom(type)) {
                throw clash(name,
                        "an executor named '" + name + "' already exists"
                                + origin(beanFactory.containsBeanDefinition(name) ? beanFactory.getBeanDefinition(name)
                                        : null)
                                + ", so @Async(\"" + name + "\") and @Qualifier(\"" + name
                                + "\") could not tell it from the pool");
            }
            logger.debug("Pool '{}' is not aliased '{}', the name of another bean; inject it with @Qualifier(\"{}\")",
                    name, name, name);
        }
    }

    /**
     * Keep Spring from closing the application's own pool beans with the inferred
     * {@code close()}, which waits for every task and could hang the shutdown: they are
     * drained within their deadline before they are destroyed. A destroy method the
     * application named stays.
     */
    private static void boundedDestruction(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanNamesForType(WorkerPool.class, true, false)) {
            if (beanFactory.containsBeanDefinition(name)
                    && beanFactory.getBeanDefinition(name) instanceof AbstractBeanDefinition definition) {
                String destroyMethod = definition.getDestroyMethodName();
                if (destroyMethod == null || AbstractBeanDefinition.INFER_METHOD.equals(destroyMethod)) {
                    definition.setDestroyMethodName("");
                }
            }
        }
    }

    private static InvalidPoolPropertyException clash(String pool, String rule) {
        return new InvalidPoolPropertyException("poolworks.pools." + pool, pool, rule,
                "Rename the pool, or the other bean");
    }

    private static String origin(@Nullable BeanDefinition other) {
        String description = (other != null) ? other.getResourceDescription() : null;
        return (description != null) ? " (defined in " + description + ")" : "";
    }

}
