package io.poolworks.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's simulated work, under {@code sample}; the pools themselves are
 * configured under {@code poolworks}.
 *
 * @param ledger file that gets one line per finished task, or {@code null} for none
 * @param ingest ingest settings
 * @param reports report settings
 * @param mail mail settings
 * @param inbox inbox settings
 * @param orders order settings (profile {@code cluster})
 */
@ConfigurationProperties("sample")
public record SampleProperties(@Nullable Path ledger, Ingest ingest, Reports reports, Mail mail, Inbox inbox,
        Orders orders) {

    /**
     * Ingest settings.
     *
     * @param workTime how long ingesting one payload takes
     */
    public record Ingest(Duration workTime) {
    }

    /**
     * Report settings.
     *
     * @param workTime how long rendering one report takes
     */
    public record Reports(Duration workTime) {
    }

    /**
     * Mail settings.
     *
     * @param workTime how long sending one mail takes
     */
    public record Mail(Duration workTime) {
    }

    /**
     * Order settings.
     *
     * @param workTime how long shipping one order takes
     */
    public record Orders(Duration workTime) {
    }

    /**
     * Inbox settings.
     *
     * @param capacity how many messages the inbox holds
     * @param handOffTimeout how long the inbox poller waits for room in {@code ingest}
     */
    public record Inbox(int capacity, Duration handOffTimeout) {
    }

}
