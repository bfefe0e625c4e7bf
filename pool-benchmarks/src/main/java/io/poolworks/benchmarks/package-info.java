/**
 * JMH benchmarks of Poolworks against the JDK executors and Spring's
 * {@code ThreadPoolTaskExecutor}. See {@code pool-benchmarks/README.md} for how to run
 * them and for the recorded results.
 */
@NullMarked
package io.poolworks.benchmarks;

import org.jspecify.annotations.NullMarked;
