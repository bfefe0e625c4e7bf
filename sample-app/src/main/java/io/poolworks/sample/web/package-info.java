/**
 * The web edge: request ids, the answers to full pools, and security for Actuator writes.
 */
@NullMarked
package io.poolworks.sample.web;

import org.jspecify.annotations.NullMarked;
