package io.poolworks.spring;

import io.poolworks.ShutdownReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs unstarted tasks at WARN, one line per pool.
 */
final class LoggingUnfinishedTaskHandler implements UnfinishedTaskHandler {

    static final LoggingUnfinishedTaskHandler INSTANCE = new LoggingUnfinishedTaskHandler();

    private static final Logger logger = LoggerFactory.getLogger(UnfinishedTaskHandler.class);

    private LoggingUnfinishedTaskHandler() {
    }

    @Override
    public void handle(ShutdownReport report) {
        logger.warn("Pool '{}' did not start {} accepted task(s) before shutdown: {}", report.poolName(),
                report.unstarted().size(), report.unstarted());
    }

    @Override
    public String toString() {
        return "UnfinishedTaskHandler.logging()";
    }

}
