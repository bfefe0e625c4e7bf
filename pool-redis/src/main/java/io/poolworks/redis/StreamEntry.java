package io.poolworks.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a Redis stream, as a {@link StreamHandler} receives it. Instances are
 * immutable and thread-safe.
 *
 * @param stream the key of the stream the entry belongs to
 * @param id the entry's id in the stream, for example {@code 1718000000000-0}: unique in
 * the stream, so a natural key for an idempotent handler
 * @param fields the entry's fields and values, in the order they were added
 * @param deliveries how many times the consumer group has delivered the entry, this
 * delivery included: {@code 1} the first time, more when it is handled again after a
 * failure, a crash or a shutdown
 */
public record StreamEntry(String stream, String id, Map<String, String> fields, long deliveries) {

    /**
     * Validate an entry and copy its fields (keeping their order).
     * @param stream the stream key
     * @param id the entry id
     * @param fields the fields
     * @param deliveries the deliveries, this one included
     * @throws NullPointerException if {@code stream}, {@code id}, {@code fields} or a
     * field name or value is {@code null}
     * @throws IllegalArgumentException if {@code deliveries} is less than 1
     */
    public StreamEntry {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(fields, "fields must not be null");
        if (deliveries < 1) {
            throw new IllegalArgumentException("deliveries must be >= 1 but was " + deliveries);
        }
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.forEach((name, value) -> {
            Objects.requireNonNull(name, "field names must not be null");
            Objects.requireNonNull(value, () -> "the value of field '" + name + "' must not be null");
        });
        fields = Collections.unmodifiableMap(copy);
    }

}
