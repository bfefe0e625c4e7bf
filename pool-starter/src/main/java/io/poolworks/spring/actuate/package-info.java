/**
 * Actuator support for Poolworks: the {@code pools} endpoint, which lists every pool and
 * tunes one at run time, the {@code workers} endpoint, which shows the application's
 * workers, and the {@code pools} and {@code workers} health contributors. Everything here
 * is active only when Spring Boot Actuator (for the endpoints) or Spring Boot Health (for
 * the contributors) is on the class path.
 */
@NullMarked
package io.poolworks.spring.actuate;

import org.jspecify.annotations.NullMarked;
