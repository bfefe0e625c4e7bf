package io.poolworks.sample.ingest;

import java.time.Duration;
import java.util.List;

import io.poolworks.WorkerPool;
import io.poolworks.conductor.Worker;
import io.poolworks.conductor.WorkerContext;
import io.poolworks.sample.SampleProperties;
import io.poolworks.sample.web.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A long-running {@link Worker}, run by the starter's conductor: takes messages from the
 * {@link Inbox} and hands them to {@code ingest}, waiting up to
 * {@code sample.inbox.hand-off-timeout} for room (blocking with a timeout, unlike
 * {@code POST /ingest}). A message that finds no room goes back to the head of the inbox.
 * <p>
 * It stops before the pools drain, so it never feeds a pool that is shutting down; what
 * is left in the inbox is logged then (a broker would keep it for the next start).
 */
@Component("inboxPoller")
public class InboxPoller implements Worker {

    private static final Logger logger = LoggerFactory.getLogger(InboxPoller.class);

    private static final Duration POLL = Duration.ofMillis(250);

    private final Inbox inbox;

    private final WorkerPool ingest;

    private final Ingester ingester;

    private final Duration handOffTimeout;

    public InboxPoller(Inbox inbox, @Qualifier("ingest") WorkerPool ingest, Ingester ingester,
            SampleProperties properties) {
        this.inbox = inbox;
        this.ingest = ingest;
        this.ingester = ingester;
        this.handOffTimeout = properties.inbox().handOffTimeout();
    }

    @Override
    public void run(WorkerContext ctx) {
        try {
            while (!ctx.isStopping()) {
                InboxMessage message = this.inbox.take(POLL);
                if (message != null && !handOff(message)) {
                    this.inbox.putBack(message);
                }
            }
        }
        catch (InterruptedException ex) {
            // Stopping: the conductor interrupts as it asks the worker to stop.
        }
        finally {
            List<InboxMessage> left = this.inbox.waiting();
            if (!left.isEmpty()) {
                logger.warn("Inbox keeps {} message(s) not handed to ingest: {}", left.size(), left);
            }
        }
    }

    private boolean handOff(InboxMessage message) {
        if (message.requestId() != null) {
            MDC.put(RequestIdFilter.MDC_KEY, message.requestId());
        }
        try {
            return this.ingest.tryExecute(this.ingester.task(message.name(), message.payload()), this.handOffTimeout);
        }
        finally {
            MDC.remove(RequestIdFilter.MDC_KEY);
        }
    }

}
