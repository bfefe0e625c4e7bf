/**
 * Priority order: reports rendered highest priority first by 1 to 4 workers.
 */
@NullMarked
package io.poolworks.sample.reports;

import org.jspecify.annotations.NullMarked;
