package io.poolworks.spring.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Context propagation into pool tasks ({@code spring.task.execution.propagate-context}),
 * imported by {@link PoolworksAutoConfiguration}.
 */
final class ContextPropagationConfigurations {

    static final String PROPAGATE_CONTEXT = "spring.task.execution.propagate-context";

    private static final Logger logger = LoggerFactory.getLogger(PoolworksAutoConfiguration.class);

    private ContextPropagationConfigurations() {
    }

    /**
     * Context propagation asked for, but the library that does it is missing: Boot's own
     * executors stay silent about it; the pools say so once.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.context.ContextSnapshot")
    @ConditionalOnProperty(name = PROPAGATE_CONTEXT, havingValue = "true")
    static class MissingLibrary {

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
    static class Propagation {

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
