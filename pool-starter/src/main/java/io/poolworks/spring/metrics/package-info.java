/**
 * Micrometer meters for Poolworks: per pool, the meters of Micrometer's
 * {@code ExecutorServiceMetrics} and {@code poolworks.*} counters.
 */
@NullMarked
package io.poolworks.spring.metrics;

import org.jspecify.annotations.NullMarked;
