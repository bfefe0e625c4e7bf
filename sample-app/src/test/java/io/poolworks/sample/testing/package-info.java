/**
 * Test helpers: a real HTTP client.
 */
@NullMarked
package io.poolworks.sample.testing;

import org.jspecify.annotations.NullMarked;
