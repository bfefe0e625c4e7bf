package io.poolworks.spring;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a Poolworks setting is invalid. It names the property, the value, the rule
 * it breaks and how to fix it; the starter's failure analyzer turns it into Spring Boot's
 * "APPLICATION FAILED TO START" report.
 */
public class InvalidPoolPropertyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final @Nullable Object value;

    private final String rule;

    private final String fix;

    /**
     * Create a new exception.
     * @param property the full property path, such as
     * {@code poolworks.pools.emails.max-workers}
     * @param value the offending value, or {@code null} if it is missing
     * @param rule the rule the value breaks, such as "must be >= 1"
     * @param fix what to change, in the user's terms
     */
    public InvalidPoolPropertyException(String property, @Nullable Object value, String rule, String fix) {
        super(property + " was " + value + " but " + rule + ". " + fix);
        this.property = Objects.requireNonNull(property, "property must not be null");
        this.value = value;
        this.rule = Objects.requireNonNull(rule, "rule must not be null");
        this.fix = Objects.requireNonNull(fix, "fix must not be null");
    }

    /**
     * Return the property path.
     * @return the property
     */
    public String getProperty() {
        return this.property;
    }

    /**
     * Return the offending value.
     * @return the value, or {@code null} if it is missing
     */
    public @Nullable Object getValue() {
        return this.value;
    }

    /**
     * Return the rule the value breaks.
     * @return the rule
     */
    public String getRule() {
        return this.rule;
    }

    /**
     * Return what to change.
     * @return the fix
     */
    public String getFix() {
        return this.fix;
    }

}
