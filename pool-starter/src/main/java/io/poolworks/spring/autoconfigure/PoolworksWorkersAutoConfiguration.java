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
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link AutoConfiguration Auto-configuration} that runs every {@link Worker} bean in an
 * application {@link Conductor} (bean {@value #CONDUCTOR_BEAN_NAME}), named by the bean
 * names, started after the pools and stopped before them. The stream sources of
 * {@code poolworks.streams} are such workers.
 */
@AutoConfiguration(after = PoolworksAutoConfiguration.class)
@Conditional(PoolworksWorkersAutoConfiguration.OnWorkers.class)
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

    /**
     * Worker beans, or stream bindings, whose source beans are declared after the
     * auto-configurations were read.
     */
    static final class OnWorkers extends AnyNestedCondition {

        OnWorkers() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(Worker.class)
        static final class WorkerBeans {

        }

        @Conditional(OnStreamBindings.class)
        static final class StreamBindings {

        }

    }

    /**
     * At least one binding under {@code poolworks.streams}.
     */
    static final class OnStreamBindings extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean bound = Binder.get(context.getEnvironment())
                .bind(StreamBindingMapper.STREAMS, Bindable.mapOf(String.class, Object.class))
                .map((bindings) -> !bindings.isEmpty())
                .orElse(false);
            return bound ? ConditionOutcome.match("poolworks.streams has bindings")
                    : ConditionOutcome.noMatch("poolworks.streams has no binding");
        }

    }

}
