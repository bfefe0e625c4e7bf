package io.poolworks.sample.mail;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /mail} queues a mail ({@code 202}, or {@code 429} when the {@code mail}
 * pool's queue is full); {@code GET /mail} lists the last mails sent, with the time each
 * started, which shows the rate limit at work.
 */
@RestController
public class MailController {

    private final Mailer mailer;

    private final AtomicLong ids = new AtomicLong();

    public MailController(Mailer mailer) {
        this.mailer = mailer;
    }

    @PostMapping("/mail")
    ResponseEntity<Queued> send(@RequestBody MailRequest request) {
        if (request.to() == null || request.to().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "to must not be empty");
        }
        Mail mail = new Mail("mail#" + this.ids.incrementAndGet(), request.to(),
                (request.subject() != null) ? request.subject() : "");
        this.mailer.send(mail);
        return ResponseEntity.accepted().body(new Queued(mail.task()));
    }

    @GetMapping("/mail")
    List<SentMail> sent() {
        return this.mailer.sent();
    }

    /**
     * Body of {@code POST /mail}.
     *
     * @param to the recipient
     * @param subject the subject
     */
    record MailRequest(@Nullable String to, @Nullable String subject) {
    }

    /**
     * Body of a {@code 202}.
     *
     * @param task the task's name
     */
    record Queued(String task) {
    }

}
