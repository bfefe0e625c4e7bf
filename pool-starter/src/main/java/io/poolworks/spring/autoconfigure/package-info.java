/**
 * Auto-configuration of Poolworks: the one binding of {@code poolworks.*} (pools, workers
 * and streams), pools declared in {@code poolworks.pools} as {@code <name>WorkerPool}
 * beans, the translation of refused values into the properties they came from, the pools'
 * lifecycle (pause on stop, drain on close, exactly once), the run-time refresh, the
 * application's workers, and, on the application's {@code LettuceConnectionFactory} when
 * {@code poolworks-redis} and Spring Data Redis are on the class path, the rate limits
 * shared in Redis and the Redis streams of {@code poolworks.streams}, each read by a
 * worker bean {@code <binding>StreamSource}.
 */
@NullMarked
package io.poolworks.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
