package io.poolworks.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Records every task that ran to its end, one line each ({@code done <task> <start
 * epoch-millis>}), in the file {@code sample.ledger}; without that property it records
 * nothing. Tasks that never started are not here: the line each pool logs when it drained
 * lists them (the sample has no {@code UnfinishedTaskHandler}). The end-to-end test reads
 * both. Lines are flushed one by one, so the file is complete whenever the process ends.
 * <p>
 * Thread-safe.
 */
@Component
public class Ledger implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(Ledger.class);

    private final @Nullable BufferedWriter writer;

    private boolean closed;

    public Ledger(SampleProperties properties) {
        this.writer = (properties.ledger() != null) ? open(properties.ledger()) : null;
        if (this.writer != null) {
            logger.info("Recording finished tasks in {}", properties.ledger().toAbsolutePath());
        }
    }

    private static BufferedWriter open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot open the ledger " + path, ex);
        }
    }

    /**
     * Record that a task ran to its end.
     * @param task the task's name, such as {@code ingest#42}
     * @param started when it started
     */
    public void done(String task, Instant started) {
        if (this.writer == null) {
            return;
        }
        synchronized (this) {
            if (this.closed) {
                logger.warn("Ledger closed; not recorded: done {}", task);
                return;
            }
            try {
                this.writer.write("done " + task + " " + started.toEpochMilli());
                this.writer.newLine();
                this.writer.flush();
            }
            catch (IOException ex) {
                logger.error("Ledger write failed for {}", task, ex);
            }
        }
    }

    @Override
    public synchronized void destroy() throws IOException {
        this.closed = true;
        if (this.writer != null) {
            this.writer.close();
        }
    }

}
