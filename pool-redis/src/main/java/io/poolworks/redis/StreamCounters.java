package io.poolworks.redis;

import java.util.concurrent.atomic.LongAdder;

/** The counters of a stream source, written by whoever did the counted thing. */
final class StreamCounters {

    final LongAdder delivered = new LongAdder();

    final LongAdder acknowledged = new LongAdder();

    final LongAdder claimed = new LongAdder();

    final LongAdder retried = new LongAdder();

    final LongAdder deadLettered = new LongAdder();

    final LongAdder handlerFailures = new LongAdder();

    final LongAdder readErrors = new LongAdder();

    final LongAdder ackErrors = new LongAdder();

}
