/**
 * Test helpers: gates, log capture.
 */
@NullMarked
package io.poolworks.testing;

import org.jspecify.annotations.NullMarked;
