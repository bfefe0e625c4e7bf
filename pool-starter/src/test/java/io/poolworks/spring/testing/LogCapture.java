package io.poolworks.spring.testing;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger (and its children) writes, for tests that assert a log line.
 * <p>
 * Logback's {@code AppenderBase.doAppend} appends while holding the appender's monitor,
 * so reads lock the appender, not its list.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> type) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    /**
     * Start capturing the logger of the given class.
     * @param type the class whose logger to capture
     * @return the capture; close it to detach
     */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type);
    }

    /**
     * Return every event captured so far.
     * @return a copy of the events
     */
    public List<ILoggingEvent> events() {
        synchronized (this.appender) {
            return List.copyOf(this.appender.list);
        }
    }

    /**
     * Return the formatted messages captured so far at the given level.
     * @param level the level
     * @return the messages, in order
     */
    public List<String> messages(Level level) {
        return events().stream()
            .filter((event) -> event.getLevel() == level)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    }

    /**
     * Return every captured event as {@code LEVEL message}, one per line.
     * @return the text
     */
    public String text() {
        return events().stream()
            .map((event) -> event.getLevel() + " " + event.getFormattedMessage())
            .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        this.logger.detachAppender(this.appender);
    }

}
