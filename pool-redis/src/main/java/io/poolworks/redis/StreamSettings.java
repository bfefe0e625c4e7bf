package io.poolworks.redis;

import java.time.Duration;

/**
 * What a {@link StreamSource.Builder} built a source with, validated by the builder.
 */
record StreamSettings(String stream, String group, String consumer, String deadLetter, Duration claimIdle,
        int maxDeliveries, int batchSize, Duration pollTimeout, Duration requestTimeout) {

    /** The longest time between two looks for idle entries to claim. */
    private static final Duration MAX_CLAIM_INTERVAL = Duration.ofSeconds(30);

    /**
     * How often to look for entries idle longer than claimIdle: twice per claimIdle, so
     * that an entry waits at most 1.5 × claimIdle.
     */
    Duration claimInterval() {
        Duration half = this.claimIdle.dividedBy(2);
        return (half.compareTo(MAX_CLAIM_INTERVAL) > 0) ? MAX_CLAIM_INTERVAL : half;
    }

    /** How long to wait for a blocking read's answer: its block time plus a request. */
    Duration readTimeout() {
        return this.pollTimeout.plus(this.requestTimeout);
    }

    /** The name in log lines. */
    String describe() {
        return "Stream source '" + this.stream + "' (group '" + this.group + "', consumer '" + this.consumer + "')";
    }

}
