/**
 * Actuator support for Poolworks: the {@code pools} endpoint, which lists every pool and
 * tunes one at run time, the {@code workers} endpoint, which shows the application's
 * workers, the {@code streams} endpoint, which shows the Redis streams that feed pools,
 * and the {@code pools}, {@code workers} and {@code streams} health contributors.
 * Everything here is active only when Spring Boot Actuator (for the endpoints) or Spring
 * Boot Health (for the contributors) is on the class path.
 */
@NullMarked
package io.poolworks.spring.actuate;

import org.jspecify.annotations.NullMarked;
