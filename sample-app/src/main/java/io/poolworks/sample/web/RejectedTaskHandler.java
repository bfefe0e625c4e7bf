package io.poolworks.sample.web;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import io.poolworks.RejectedTaskException;
import io.poolworks.RejectionReason;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns a pool's refusal into HTTP: {@code 429} with {@code Retry-After} when the pool is
 * full, {@code 503} when it is shutting down. Spring's {@code @Async} wraps the refusal
 * in a {@code TaskRejectedException}, so the cause is searched too.
 */
@RestControllerAdvice
public class RejectedTaskHandler {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<Overloaded> rejected(RejectedExecutionException ex) {
        RejectedTaskException rejection = find(ex);
        String pool = (rejection != null) ? rejection.poolName() : "the pool";
        if (rejection != null && rejection.reason() == RejectionReason.SHUTTING_DOWN) {
            return Overloaded.unavailable(pool + " is shutting down", RETRY_AFTER);
        }
        return Overloaded.tooManyRequests(pool + " is full, retry later", RETRY_AFTER);
    }

    private static @Nullable RejectedTaskException find(Throwable ex) {
        for (@Nullable
        Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedTaskException rejection) {
                return rejection;
            }
        }
        return null;
    }

}
