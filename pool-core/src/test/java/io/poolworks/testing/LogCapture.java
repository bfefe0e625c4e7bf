package io.poolworks.testing;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger writes, for tests that assert a log line.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    public List<ILoggingEvent> events() {
        synchronized (this.appender.list) {
            return List.copyOf(this.appender.list);
        }
    }

    public String text() {
        return events().stream()
            .map((event) -> event.getLevel() + " " + event.getFormattedMessage()
                    + ((event.getThrowableProxy() != null) ? " " + event.getThrowableProxy().getClassName() : ""))
            .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
    }

}
