/**
 * Rate limiting: mail sent through {@code @Async("mail")}.
 */
@NullMarked
package io.poolworks.sample.mail;

import org.jspecify.annotations.NullMarked;
