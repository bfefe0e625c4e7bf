package io.poolworks.sample.reports;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * A report's state, as {@code GET /reports/{id}} shows it.
 *
 * @param id the report id
 * @param task the name of its task in the {@code reports} pool
 * @param priority its priority: higher starts first
 * @param state where it is
 * @param startOrder the how-many-th report it was to start, or {@code null} before it
 * starts
 * @param queuedAt when it was accepted
 * @param startedAt when it started, or {@code null}
 * @param finishedAt when it finished, or {@code null}
 */
public record Report(long id, String task, int priority, State state, @Nullable Long startOrder, Instant queuedAt,
        @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static Report queued(long id, int priority) {
        return new Report(id, "report#" + id, priority, State.QUEUED, null, now(), null, null);
    }

    Report started(long order) {
        return new Report(this.id, this.task, this.priority, State.RUNNING, order, this.queuedAt, now(), null);
    }

    Report finished() {
        return new Report(this.id, this.task, this.priority, State.DONE, this.startOrder, this.queuedAt, this.startedAt,
                now());
    }

    /**
     * Where a report is.
     */
    public enum State {

        /**
         * Waiting in the {@code reports} pool's queue.
         */
        QUEUED,

        /**
         * Being rendered.
         */
        RUNNING,

        /**
         * Rendered.
         */
        DONE

    }

}
