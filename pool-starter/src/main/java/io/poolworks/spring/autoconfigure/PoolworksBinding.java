package io.poolworks.spring.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.poolworks.spring.InvalidPoolPropertyException;
import io.poolworks.spring.autoconfigure.PoolsProperties.Pool;
import io.poolworks.spring.metrics.PoolworksMetricsProperties;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.env.Environment;

/**
 * The one binding of {@code poolworks.*}: the pools', the workers' and the streams'
 * properties bound together, so that a key that none knows fails startup, naming the
 * closest valid key. As Boot's {@code ignoreUnknownFields = false}, it ignores keys of
 * the system environment and system properties, which other applications may share.
 */
record PoolworksBinding(PoolsProperties pools, WorkersProperties workers, StreamsProperties streams) {

    static final String PREFIX = "poolworks";

    /**
     * Bind {@code poolworks.*} from the given environment.
     * @param environment the environment
     * @return the bound properties
     * @throws InvalidPoolPropertyException if a key under {@code poolworks} is unknown
     * @throws BindException if a value cannot be converted, for Boot's own analyzer
     */
    static PoolworksBinding bind(Environment environment) {
        PoolworksBinding binding = new PoolworksBinding(new PoolsProperties(), new WorkersProperties(),
                new StreamsProperties());
        BindHandler handler = new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(),
                new UnboundElementsSourceFilter());
        try {
            Binder.get(environment).bind(PREFIX, Bindable.ofInstance(new Tree(binding)), handler);
        }
        catch (BindException ex) {
            if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                throw unknown(unbound.getUnboundProperties());
            }
            throw ex;
        }
        return binding;
    }

    private static InvalidPoolPropertyException unknown(Set<ConfigurationProperty> unbound) {
        List<ConfigurationProperty> properties = List.copyOf(unbound);
        ConfigurationProperty first = properties.get(0);
        String name = first.getName().toString();
        String others = properties.stream()
            .skip(1)
            .map((property) -> property.getName().toString())
            .collect(Collectors.joining(", "));
        String rule = "it is not a Poolworks property" + (others.isEmpty() ? "" : " (nor are " + others + ")");
        String suggestion = KnownProperties.closestTo(name);
        String fix = (suggestion != null) ? "Did you mean " + suggestion + "? Rename " + name + ", or remove it"
                : "Remove " + name + ", or use a key your IDE offers under poolworks (the configuration metadata "
                        + "lists every one)";
        return new InvalidPoolPropertyException(name, first.getValue(), rule, fix);
    }

    /**
     * What {@code poolworks} holds, for the binder: the pools' properties at its root
     * (with {@code observation}), the workers' under {@code workers}, the streams' under
     * {@code streams} and the meters' under {@code metrics}.
     */
    static final class Tree {

        private final PoolworksBinding binding;

        private final PoolworksMetricsProperties metrics = new PoolworksMetricsProperties();

        Tree(PoolworksBinding binding) {
            this.binding = binding;
        }

        public Pool getDefaults() {
            return this.binding.pools().getDefaults();
        }

        public Map<String, Pool> getPools() {
            return this.binding.pools().getPools();
        }

        public WorkersProperties getWorkers() {
            return this.binding.workers();
        }

        public PoolsProperties.Observation getObservation() {
            return this.binding.pools().getObservation();
        }

        public Map<String, StreamsProperties.Binding> getStreams() {
            return this.binding.streams().getStreams();
        }

        /**
         * The meters' properties, bound by their own auto-configuration: here only so
         * that their keys count as known.
         * @return a throwaway instance
         */
        public PoolworksMetricsProperties getMetrics() {
            return this.metrics;
        }

    }

}
