package io.poolworks.spring.autoconfigure;

import io.poolworks.spring.InvalidPoolPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Explains an {@link InvalidPoolPropertyException} in Spring Boot's startup failure
 * report: the property and where it was set, the value, the rule and the fix. The origin
 * of a pool (a key with no value of its own, such as {@code poolworks.pools.emails}) is
 * that of its first property.
 */
class PoolworksFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPoolPropertyException> {

    private final @Nullable Environment environment;

    PoolworksFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPoolPropertyException cause) {
        String description = String.format(
                "Invalid Poolworks configuration:%n%n    Property: %s%n    Value: %s%n"
                        + "    Origin: %s%n    Rule: %s%n",
                cause.getProperty(), cause.getValue(), origin(cause.getProperty()), cause.getRule());
        return new FailureAnalysis(description, cause.getFix(), cause);
    }

    private String origin(String property) {
        ConfigurationProperty found = ConfiguredValues.find(this.environment, property);
        if (found != null) {
            return describe(found.getOrigin(), property);
        }
        ConfigurationProperty first = firstBelow(property);
        if (first != null) {
            return describe(first.getOrigin(), first.getName().toString());
        }
        return "not set (the built-in default applies)";
    }

    private @Nullable ConfigurationProperty firstBelow(String property) {
        if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
            return null;
        }
        ConfigurationPropertyName parent = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                for (ConfigurationPropertyName name : iterable.filter(parent::isAncestorOf)) {
                    return iterable.getConfigurationProperty(name);
                }
            }
        }
        return null;
    }

    private static String describe(@Nullable Origin origin, String property) {
        return (origin != null) ? origin.toString() : "\"" + property + "\"";
    }

}
