package io.poolworks.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the Observation of pool tasks. A bean of this type
 * replaces {@link DefaultPoolTaskObservationConvention}.
 */
public interface PoolTaskObservationConvention extends ObservationConvention<PoolTaskObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PoolTaskObservationContext;
    }

}
