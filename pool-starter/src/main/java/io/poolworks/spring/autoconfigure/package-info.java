/**
 * Auto-configuration of Poolworks: pools declared in {@code poolworks.pools}, their
 * validation, the drain at shutdown, and the application's workers.
 */
@NullMarked
package io.poolworks.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
