package io.poolworks.spring.autoconfigure;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.conductor.Conductor;
import io.poolworks.conductor.ConductorListener;
import io.poolworks.conductor.Worker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * {@link AutoConfiguration Auto-configuration} that runs every {@link Worker} bean in an
 * application {@link Conductor} (bean {@value #CONDUCTOR_BEAN_NAME}), named by the bean
 * names, started after the pools and stopped before them.
 */
@AutoConfiguration(after = PoolworksAutoConfiguration.class)
@ConditionalOnBean(Worker.class)
@Import(PoolworksPropertiesConfiguration.class)
public final class PoolworksWorkersAutoConfiguration {

    /**
     * Bean name of the application's conductor.
     */
    public static final String CONDUCTOR_BEAN_NAME = "poolworksConductor";

    private static final String LIFECYCLE_BEAN_NAME = "poolworksWorkersLifecycle";

    @Bean(LIFECYCLE_BEAN_NAME)
    WorkersLifecycle poolworksWorkersLifecycle(ConfigurableListableBeanFactory beanFactory,
            WorkersProperties properties, ObjectProvider<ConductorListener> listeners,
            ConfigurableApplicationContext context) {
        Map<String, Worker> workers = new LinkedHashMap<>();
        Arrays.stream(beanFactory.getBeanNamesForType(Worker.class, true, false))
            .filter((name) -> !name.equals(CONDUCTOR_BEAN_NAME))
            .forEach((name) -> workers.put(name, beanFactory.getBean(name, Worker.class)));
        return new WorkersLifecycle(workers, properties, listeners.orderedStream().toList(), context);
    }

    @Bean(name = CONDUCTOR_BEAN_NAME, defaultCandidate = false)
    Conductor poolworksConductor(WorkersLifecycle lifecycle) {
        return lifecycle.conductor();
    }

}
