/**
 * The Poolworks sample service: its application class, settings, simulated work and the
 * ledger of finished tasks.
 */
@NullMarked
package io.poolworks.sample;

import org.jspecify.annotations.NullMarked;
