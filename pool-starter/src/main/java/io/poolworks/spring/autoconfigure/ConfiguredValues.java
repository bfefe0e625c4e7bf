package io.poolworks.spring.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Finds a property as it was written, and where: messages echo the value the user wrote
 * ({@code 22s}, not {@code PT22S}) and name its origin.
 */
final class ConfiguredValues {

    private ConfiguredValues() {
    }

    /**
     * Return the property with the given name, as the first property source that has it
     * holds it.
     * @param environment the environment, or {@code null}
     * @param name the property name
     * @return the property, or {@code null} if it is not set or the name is not valid
     */
    static @Nullable ConfigurationProperty find(@Nullable Environment environment, String name) {
        if (environment == null || !ConfigurationPropertyName.isValid(name)) {
            return null;
        }
        ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(propertyName);
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    /**
     * Return the value as written in the environment, else the given value, with a
     * duration in the style of {@code application.yml}.
     * @param environment the environment, or {@code null}
     * @param name the property name
     * @param value the bound value
     * @return the value to show
     */
    static @Nullable Object shown(@Nullable Environment environment, String name, @Nullable Object value) {
        ConfigurationProperty property = find(environment, name);
        if (property != null && property.getValue() != null) {
            return property.getValue();
        }
        return (value instanceof Duration duration) ? Durations.format(duration) : value;
    }

}
