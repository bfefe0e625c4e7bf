package io.poolworks.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * Writes durations the way {@code application.yml} does ({@code 22s}, {@code 1500ms}), in
 * the largest unit that holds them exactly.
 */
final class Durations {

    private static final List<ChronoUnit> UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
            ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS);

    private Durations() {
    }

    static String format(Duration duration) {
        for (ChronoUnit unit : UNITS) {
            if (isWhole(duration, unit)) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return DurationStyle.SIMPLE.print(duration, ChronoUnit.NANOS);
    }

    private static boolean isWhole(Duration duration, ChronoUnit unit) {
        Duration length = unit.getDuration();
        if (length.getSeconds() > 0) {
            return duration.getNano() == 0 && duration.getSeconds() % length.getSeconds() == 0;
        }
        return duration.getNano() % length.getNano() == 0;
    }

}
