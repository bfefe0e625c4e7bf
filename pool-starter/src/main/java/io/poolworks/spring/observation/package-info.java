/**
 * Micrometer Observation of each pool task, opt-in
 * ({@code poolworks.observation.enabled}, {@code poolworks.pools.<name>.observation}): an
 * Observation {@code poolworks.task} from the task's submission to its end, a child of
 * the submitter's observation, in scope on the worker while the task runs.
 */
@NullMarked
package io.poolworks.spring.observation;

import org.jspecify.annotations.NullMarked;
