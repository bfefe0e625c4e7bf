/**
 * JMH benchmarks of Poolworks against the JDK executors, Spring's
 * {@code ThreadPoolTaskExecutor}, Micrometer's monitored executor, dynamic-tp's
 * {@code DtpExecutor} and resilience4j's {@code ThreadPoolBulkhead}. See
 * {@code pool-benchmarks/README.md} for how to run them and for the recorded results.
 */
@NullMarked
package io.poolworks.benchmarks;

import org.jspecify.annotations.NullMarked;
