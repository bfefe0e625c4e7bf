package io.poolworks.redis.functional;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger writes, for tests that count log lines.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> loggerClass) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerClass);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    /** Return the messages logged at the given level that contain the text. */
    List<String> messages(Level level, String containing) {
        synchronized (this.appender.list) {
            return this.appender.list.stream()
                .filter((event) -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .filter((message) -> message.contains(containing))
                .toList();
        }
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
    }

}
