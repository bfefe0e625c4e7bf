/**
 * Backpressure: {@code POST /ingest} with {@code tryExecute}, and the inbox that a worker
 * feeds into the same pool.
 */
@NullMarked
package io.poolworks.sample.ingest;

import org.jspecify.annotations.NullMarked;
