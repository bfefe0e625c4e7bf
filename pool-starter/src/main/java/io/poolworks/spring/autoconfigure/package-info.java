/**
 * Auto-configuration of Poolworks: the one binding of {@code poolworks.*} (pools and
 * workers), pools declared in {@code poolworks.pools} as {@code <name>WorkerPool} beans,
 * the translation of refused values into the properties they came from, the pools'
 * lifecycle (pause on stop, drain on close, exactly once), the run-time refresh, and the
 * application's workers.
 */
@NullMarked
package io.poolworks.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
