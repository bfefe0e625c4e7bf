package io.poolworks.sample.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.poolworks.sample.ingest.IngestController.Accepted;
import io.poolworks.sample.ingest.IngestController.IngestRequest;
import io.poolworks.sample.web.Overloaded;
import io.poolworks.sample.web.RequestIdFilter;
import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /inbox}: delivers a message to the {@link Inbox}, from where the
 * {@link InboxPoller} worker feeds {@code ingest} at the pace it can take. {@code 202}
 * once it is in the inbox, {@code 429} when the inbox is full.
 */
@RestController
public class InboxController {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Inbox inbox;

    private final AtomicLong ids = new AtomicLong();

    public InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    @PostMapping("/inbox")
    ResponseEntity<?> deliver(@RequestBody IngestRequest request) {
        String payload = request.payload();
        if (payload == null || payload.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "payload must not be empty");
        }
        InboxMessage message = new InboxMessage("inbox#" + this.ids.incrementAndGet(), payload,
                MDC.get(RequestIdFilter.MDC_KEY));
        if (this.inbox.deliver(message)) {
            return ResponseEntity.accepted().body(new Accepted(message.name()));
        }
        return Overloaded.tooManyRequests("inbox is full, retry later", RETRY_AFTER);
    }

}
