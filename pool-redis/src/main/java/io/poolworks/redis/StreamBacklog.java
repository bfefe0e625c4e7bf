package io.poolworks.redis;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How much work a consumer group has, as Redis reports it ({@code XINFO GROUPS}), from
 * {@link StreamSource#backlog()}. Instances are immutable and thread-safe.
 *
 * @param stream the stream key
 * @param group the consumer group
 * @param pending the entries delivered to the group's consumers and not yet acknowledged,
 * on every instance
 * @param lag the entries in the stream not yet delivered to the group, or {@code null}
 * when Redis does not know: Redis before 7.0 does not report it, and Redis 7 cannot tell
 * after entries between the group's position and the end of the stream were deleted
 * @param lastDeliveredId the id of the last entry delivered to the group ({@code 0-0}
 * before the first)
 */
public record StreamBacklog(String stream, String group, long pending, @Nullable Long lag, String lastDeliveredId) {

    /**
     * Validate a backlog.
     * @param stream the stream key
     * @param group the consumer group
     * @param pending the pending entries
     * @param lag the undelivered entries, or {@code null} when unknown
     * @param lastDeliveredId the id of the last delivered entry
     * @throws NullPointerException if {@code stream}, {@code group} or
     * {@code lastDeliveredId} is {@code null}
     */
    public StreamBacklog {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(lastDeliveredId, "lastDeliveredId must not be null");
    }

}
