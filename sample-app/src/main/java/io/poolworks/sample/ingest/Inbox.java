package io.poolworks.sample.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

import io.poolworks.sample.SampleProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * An in-memory inbox, standing in for a broker's queue or a table of received webhooks:
 * {@code POST /inbox} delivers to it and the {@link InboxPoller} worker takes from it.
 * <p>
 * Bounded for deliveries; a message put back by the poller always fits. Thread-safe.
 */
@Component
public class Inbox {

    private final LinkedBlockingDeque<InboxMessage> messages = new LinkedBlockingDeque<>();

    private final int capacity;

    public Inbox(SampleProperties properties) {
        this.capacity = properties.inbox().capacity();
    }

    /**
     * Deliver a message.
     * @param message the message
     * @return {@code false} if the inbox is full
     */
    public synchronized boolean deliver(InboxMessage message) {
        if (this.messages.size() >= this.capacity) {
            return false;
        }
        return this.messages.offerLast(message);
    }

    /**
     * Take the oldest message, waiting up to the given time for one.
     * @param timeout how long to wait
     * @return the message, or {@code null} if none came in time
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    @Nullable InboxMessage take(Duration timeout) throws InterruptedException {
        return this.messages.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Put a message back at the head, to be taken first.
     * @param message the message
     */
    void putBack(InboxMessage message) {
        this.messages.offerFirst(message);
    }

    /**
     * Return the messages waiting, oldest first.
     * @return a copy
     */
    public List<InboxMessage> waiting() {
        return List.copyOf(this.messages);
    }

}
