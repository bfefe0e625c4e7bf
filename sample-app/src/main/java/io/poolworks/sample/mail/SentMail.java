package io.poolworks.sample.mail;

import java.time.Instant;

/**
 * A mail that was sent, as {@code GET /mail} lists it.
 *
 * @param task the name of its task
 * @param to the recipient
 * @param sentAt when sending started
 */
public record SentMail(String task, String to, Instant sentAt) {

}
