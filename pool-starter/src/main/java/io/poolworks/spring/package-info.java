/**
 * What a Spring application uses of Poolworks beyond the core API: the
 * {@link io.poolworks.spring.WorkerPoolRegistry} of every pool in the context, the
 * {@link io.poolworks.spring.WorkerPoolFactory} that builds pools the way the starter
 * does, {@link io.poolworks.spring.SpringWorkerPool}, the face of a pool that Spring uses
 * as a task executor and scheduler, {@link io.poolworks.spring.WorkerPoolCustomizer}
 * beans, {@link io.poolworks.spring.UnfinishedTaskHandler} beans, and the
 * {@link io.poolworks.spring.TaskObservers} that observe each task of the pools that ask
 * for it; for a rate limit shared in Redis ({@code rate-limit.scope: cluster}),
 * {@link io.poolworks.spring.ClusterRateLimitCustomizer} beans and
 * {@link io.poolworks.spring.SharedRateLimit}, how the endpoint, the health contributor
 * and the logs describe it; for the Redis streams that feed pools
 * ({@code poolworks.streams}), the {@link io.poolworks.spring.StreamSourceRegistry} of
 * their {@link io.poolworks.spring.StreamBinding}s.
 */
@NullMarked
package io.poolworks.spring;

import org.jspecify.annotations.NullMarked;
