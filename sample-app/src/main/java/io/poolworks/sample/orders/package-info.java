/**
 * Durable work (profile {@code cluster}): orders placed on a Redis stream and shipped by
 * the {@code orders} pool of every instance, through the binding
 * {@code poolworks.streams.orders}; an instance killed with {@code kill -9} loses none.
 */
@NullMarked
package io.poolworks.sample.orders;

import org.jspecify.annotations.NullMarked;
