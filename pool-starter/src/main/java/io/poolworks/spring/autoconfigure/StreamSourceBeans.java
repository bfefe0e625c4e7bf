package io.poolworks.spring.autoconfigure;

import io.poolworks.redis.StreamSource;
import io.poolworks.spring.InvalidPoolPropertyException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Declares one {@link StreamSource} bean per binding of {@code poolworks.streams}, named
 * {@code <binding>StreamSource} and qualified {@code <binding>}: a worker, so that the
 * application's conductor runs it after the pools started and stops it before they drain.
 * Loaded only when {@code poolworks-redis} is on the class path.
 */
final class StreamSourceBeans {

    private StreamSourceBeans() {
    }

    static String beanName(String binding) {
        return binding + "StreamSource";
    }

    static void register(BeanDefinitionRegistry registry, StreamsProperties streams) {
        for (String binding : streams.getStreams().keySet()) {
            String beanName = beanName(binding);
            if (registry.containsBeanDefinition(beanName) || registry.isAlias(beanName)) {
                throw new InvalidPoolPropertyException(
                        StreamBindingMapper.property(binding), binding, "its stream source bean would be named '"
                                + beanName + "' and a bean by that name already " + "exists",
                        "Rename the binding, or the other bean");
            }
            RootBeanDefinition definition = new RootBeanDefinition(StreamSource.class,
                    () -> ((BeanFactory) registry).getBean(LettuceStreamSources.class).create(binding));
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, binding));
            // Closed by LettuceStreamSources after the pools drained, not when the bean
            // is destroyed, after the Redis client is gone.
            definition.setDestroyMethodName("");
            definition.setDescription("Poolworks stream source declared at poolworks.streams." + binding);
            registry.registerBeanDefinition(beanName, definition);
        }
    }

}
