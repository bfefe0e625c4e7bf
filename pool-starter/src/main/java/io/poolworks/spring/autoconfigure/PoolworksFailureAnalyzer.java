package io.poolworks.spring.autoconfigure;

import io.poolworks.spring.InvalidPoolPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains an {@link InvalidPoolPropertyException} in Spring Boot's startup failure
 * report: the property and where it was set, the value, the rule and the fix.
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
        if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
            return "none";
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return (found.getOrigin() != null) ? found.getOrigin().toString() : "\"" + property + "\"";
            }
        }
        return "not set (the built-in default applies)";
    }

}
