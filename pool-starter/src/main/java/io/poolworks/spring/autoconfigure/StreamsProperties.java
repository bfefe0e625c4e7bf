package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the Redis streams that feed pools: one binding per
 * {@code poolworks.streams.<binding>}, each read by an
 * {@code io.poolworks.redis.StreamSource}. They need {@code poolworks-redis} and Spring
 * Data Redis (Lettuce) on the class path. Unset settings take the defaults of
 * {@code StreamSource.Builder}.
 *
 * @see PoolworksAutoConfiguration
 */
@ConfigurationProperties("poolworks")
public class StreamsProperties {

    /**
     * Redis streams that feed pools, by binding name. Each becomes a worker bean named
     * '<binding>StreamSource', run with the application's workers.
     */
    private final Map<String, Binding> streams = new LinkedHashMap<>();

    public Map<String, Binding> getStreams() {
        return this.streams;
    }

    /**
     * One stream, read through a consumer group into a pool.
     */
    public static class Binding {

        /**
         * Key of the stream. Defaults to the binding name.
         */
        private @Nullable String stream;

        /**
         * Consumer group the instances of the application share; created, with the
         * stream, if missing.
         */
        private @Nullable String group;

        /**
         * Name of the pool that runs the handler.
         */
        private @Nullable String pool;

        /**
         * Name of the StreamHandler bean that handles each entry. Defaults to the binding
         * name.
         */
        private @Nullable String handler;

        /**
         * Name of this instance in the consumer group; must be unique among the
         * instances. Defaults to '<spring.application.name>-<random id>', new at each
         * start.
         */
        private @Nullable String consumer;

        /**
         * Time an entry must have been pending, on any consumer, before it is claimed and
         * run again. Must be longer than an entry may wait in the pool's queue and run.
         */
        private @Nullable Duration claimIdle;

        /**
         * Delivery whose handler failure sends the entry to the dead-letter stream.
         */
        private @Nullable Integer maxDeliveries;

        /**
         * Key of the stream that entries go to after their last delivery. Defaults to
         * '<stream>:dead'.
         */
        private @Nullable String deadLetter;

        /**
         * Maximum number of entries one read or claim asks Redis for.
         */
        private @Nullable Integer batchSize;

        /**
         * Time one read waits in Redis for new entries.
         */
        private @Nullable Duration pollTimeout;

        /**
         * Maximum time any other operation on Redis may take before it counts as failed
         * and is retried.
         */
        private @Nullable Duration requestTimeout;

        public @Nullable String getStream() {
            return this.stream;
        }

        public void setStream(@Nullable String stream) {
            this.stream = stream;
        }

        public @Nullable String getGroup() {
            return this.group;
        }

        public void setGroup(@Nullable String group) {
            this.group = group;
        }

        public @Nullable String getPool() {
            return this.pool;
        }

        public void setPool(@Nullable String pool) {
            this.pool = pool;
        }

        public @Nullable String getHandler() {
            return this.handler;
        }

        public void setHandler(@Nullable String handler) {
            this.handler = handler;
        }

        public @Nullable String getConsumer() {
            return this.consumer;
        }

        public void setConsumer(@Nullable String consumer) {
            this.consumer = consumer;
        }

        public @Nullable Duration getClaimIdle() {
            return this.claimIdle;
        }

        public void setClaimIdle(@Nullable Duration claimIdle) {
            this.claimIdle = claimIdle;
        }

        public @Nullable Integer getMaxDeliveries() {
            return this.maxDeliveries;
        }

        public void setMaxDeliveries(@Nullable Integer maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
        }

        public @Nullable String getDeadLetter() {
            return this.deadLetter;
        }

        public void setDeadLetter(@Nullable String deadLetter) {
            this.deadLetter = deadLetter;
        }

        public @Nullable Integer getBatchSize() {
            return this.batchSize;
        }

        public void setBatchSize(@Nullable Integer batchSize) {
            this.batchSize = batchSize;
        }

        public @Nullable Duration getPollTimeout() {
            return this.pollTimeout;
        }

        public void setPollTimeout(@Nullable Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public @Nullable Duration getRequestTimeout() {
            return this.requestTimeout;
        }

        public void setRequestTimeout(@Nullable Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

    }

}
