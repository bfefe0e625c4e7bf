/**
 * Auto-configuration of Poolworks: the one binding of {@code poolworks.*} (pools and
 * workers), pools declared in {@code poolworks.pools} as {@code <name>WorkerPool} beans,
 * the translation of refused values into the properties they came from, the pools'
 * lifecycle (pause on stop, drain on close, exactly once), the run-time refresh, the
 * application's workers, and the rate limits shared in Redis on the application's
 * {@code LettuceConnectionFactory} when {@code poolworks-redis} and Spring Data Redis are
 * on the class path.
 */
@NullMarked
package io.poolworks.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
