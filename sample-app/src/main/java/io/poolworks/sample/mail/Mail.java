package io.poolworks.sample.mail;

/**
 * A mail to send.
 *
 * @param task the name of its task, such as {@code mail#3}
 * @param to the recipient
 * @param subject the subject
 */
public record Mail(String task, String to, String subject) {

}
