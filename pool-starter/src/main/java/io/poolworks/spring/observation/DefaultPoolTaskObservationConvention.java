package io.poolworks.spring.observation;

import java.util.Locale;

import io.micrometer.common.KeyValues;
import io.poolworks.RejectionReason;

/**
 * The default {@link PoolTaskObservationConvention}: the Observation is named
 * {@value #NAME}, its contextual name (a span's name) is {@code <pool> task}, its
 * low-cardinality key values are {@code pool} and, once the task ended, {@code outcome};
 * a rejected task also has the high-cardinality key value
 * {@code poolworks.rejection.reason}.
 */
public class DefaultPoolTaskObservationConvention implements PoolTaskObservationConvention {

    /**
     * The name of the Observation, hence of its timer.
     */
    public static final String NAME = "poolworks.task";

    /**
     * The key of the pool name.
     */
    public static final String POOL = "pool";

    /**
     * The key of the outcome.
     */
    public static final String OUTCOME = "outcome";

    /**
     * The key of the reason of a rejection.
     */
    public static final String REJECTION_REASON = "poolworks.rejection.reason";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PoolTaskObservationContext context) {
        return context.getPoolName() + " task";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PoolTaskObservationContext context) {
        KeyValues keyValues = KeyValues.of(POOL, context.getPoolName());
        String outcome = context.getOutcome();
        // No outcome before the end: the meters made at the start (the long task timer of
        // tasks in flight) are tagged with the pool only.
        return (outcome != null) ? keyValues.and(OUTCOME, outcome) : keyValues;
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PoolTaskObservationContext context) {
        RejectionReason reason = context.getRejectionReason();
        return (reason != null)
                ? KeyValues.of(REJECTION_REASON, reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                : KeyValues.empty();
    }

}
