package io.poolworks.sample.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.poolworks.sample.Ledger;
import io.poolworks.sample.SampleProperties;
import io.poolworks.sample.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Sends mail through the {@code mail} pool, whose rate limit keeps within what the mail
 * provider allows. {@link #send(Mail)} is {@code @Async("mail")}: it returns at once, and
 * throws a {@code TaskRejectedException} when the pool's queue is full.
 */
@Service
public class Mailer {

    static final int KEPT = 100;

    private static final Logger logger = LoggerFactory.getLogger(Mailer.class);

    private final Ledger ledger;

    private final Duration workTime;

    private final Deque<SentMail> sent = new ArrayDeque<>();

    public Mailer(Ledger ledger, SampleProperties properties) {
        this.ledger = ledger;
        this.workTime = properties.mail().workTime();
    }

    /**
     * Send a mail, in the {@code mail} pool.
     * @param mail the mail
     */
    @Async("mail")
    public void send(Mail mail) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Work.simulate(this.workTime);
        synchronized (this.sent) {
            this.sent.addLast(new SentMail(mail.task(), mail.to(), started));
            if (this.sent.size() > KEPT) {
                this.sent.removeFirst();
            }
        }
        logger.info("Sent {} to {}", mail.task(), mail.to());
        this.ledger.done(mail.task(), started);
    }

    /**
     * Return the mails sent last, oldest first.
     * @return a copy
     */
    public List<SentMail> sent() {
        synchronized (this.sent) {
            return List.copyOf(this.sent);
        }
    }

}
