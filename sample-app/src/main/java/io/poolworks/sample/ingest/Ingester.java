package io.poolworks.sample.ingest;

import java.time.Duration;
import java.time.Instant;

import io.poolworks.sample.Ledger;
import io.poolworks.sample.SampleProperties;
import io.poolworks.sample.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Makes the tasks of the {@code ingest} pool: each stores one payload.
 */
@Component
public class Ingester {

    private static final Logger logger = LoggerFactory.getLogger(Ingester.class);

    private final Ledger ledger;

    private final Duration workTime;

    public Ingester(Ledger ledger, SampleProperties properties) {
        this.ledger = ledger;
        this.workTime = properties.ingest().workTime();
    }

    /**
     * Return the task that ingests a payload.
     * @param name the task's name, as it appears in logs and shutdown reports
     * @param payload the payload
     * @return the task
     */
    public Runnable task(String name, String payload) {
        return new IngestTask(name, payload);
    }

    private final class IngestTask implements Runnable {

        private final String name;

        private final String payload;

        IngestTask(String name, String payload) {
            this.name = name;
            this.payload = payload;
        }

        @Override
        public void run() {
            Instant started = Instant.now();
            Work.simulate(Ingester.this.workTime);
            logger.info("Ingested {} ({} chars)", this.name, this.payload.length());
            Ingester.this.ledger.done(this.name, started);
        }

        @Override
        public String toString() {
            return this.name;
        }

    }

}
