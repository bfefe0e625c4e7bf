package io.poolworks.sample.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.poolworks.WorkerPool;
import io.poolworks.sample.web.Overloaded;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /ingest}: backpressure. The payload goes to the {@code ingest} pool with
 * {@code tryExecute}, which never blocks: {@code 202} when the pool took it, {@code 429}
 * with {@code Retry-After} when its queue is full.
 */
@RestController
public class IngestController {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final WorkerPool ingest;

    private final Ingester ingester;

    private final AtomicLong ids = new AtomicLong();

    public IngestController(@Qualifier("ingest") WorkerPool ingest, Ingester ingester) {
        this.ingest = ingest;
        this.ingester = ingester;
    }

    @PostMapping("/ingest")
    ResponseEntity<?> ingest(@RequestBody IngestRequest request) {
        String payload = request.payload();
        if (payload == null || payload.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "payload must not be empty");
        }
        String name = "ingest#" + this.ids.incrementAndGet();
        if (this.ingest.tryExecute(this.ingester.task(name, payload))) {
            return ResponseEntity.accepted().body(new Accepted(name));
        }
        return Overloaded.tooManyRequests("ingest is full, retry later", RETRY_AFTER);
    }

    /**
     * Body of {@code POST /ingest}.
     *
     * @param payload what to ingest
     */
    record IngestRequest(@Nullable String payload) {
    }

    /**
     * Body of a {@code 202}.
     *
     * @param task the task's name
     */
    record Accepted(String task) {
    }

}
