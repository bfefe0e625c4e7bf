package io.poolworks.sample.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer to a request whose work found no room: {@code 429 Too Many Requests} with a
 * {@code Retry-After} header, or {@code 503} when the service is shutting down.
 *
 * @param error what happened
 * @param retryAfterSeconds when to try again
 */
public record Overloaded(String error, long retryAfterSeconds) {

    /**
     * Return a 429 answer.
     * @param error what is full
     * @param retryAfter when to try again
     * @return the response
     */
    public static ResponseEntity<Overloaded> tooManyRequests(String error, Duration retryAfter) {
        return answer(HttpStatus.TOO_MANY_REQUESTS, error, retryAfter);
    }

    /**
     * Return a 503 answer.
     * @param error what is shutting down
     * @param retryAfter when to try again
     * @return the response
     */
    public static ResponseEntity<Overloaded> unavailable(String error, Duration retryAfter) {
        return answer(HttpStatus.SERVICE_UNAVAILABLE, error, retryAfter);
    }

    private static ResponseEntity<Overloaded> answer(HttpStatus status, String error, Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        return ResponseEntity.status(status)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
            .body(new Overloaded(error, seconds));
    }

}
