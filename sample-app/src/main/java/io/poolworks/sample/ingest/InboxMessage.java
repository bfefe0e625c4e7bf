package io.poolworks.sample.ingest;

import org.jspecify.annotations.Nullable;

/**
 * A message waiting in the {@link Inbox}.
 *
 * @param name the message's name, such as {@code inbox#7}; its ingest task has the same
 * name
 * @param payload what to ingest
 * @param requestId the id of the request that delivered it, restored in the MDC when it
 * is handed to {@code ingest}
 */
public record InboxMessage(String name, String payload, @Nullable String requestId) {

    @Override
    public String toString() {
        return this.name;
    }

}
