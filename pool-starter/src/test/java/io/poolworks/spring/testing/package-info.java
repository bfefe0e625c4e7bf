/**
 * Fixtures shared by the starter's tests: a log capture, a task that holds its worker,
 * and two {@code Worker} beans.
 */
@NullMarked
package io.poolworks.spring.testing;

import org.jspecify.annotations.NullMarked;
