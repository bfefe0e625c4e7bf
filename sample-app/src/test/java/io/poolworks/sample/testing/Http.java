package io.poolworks.sample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain JDK HTTP client for one server on localhost, so that the tests speak real HTTP
 * as any other client would.
 */
public final class Http {

    private static final Pattern TASK = Pattern.compile("\"task\":\"([a-z]+#\\d+)\"");

    private final HttpClient client;

    private final String base;

    public Http(int port) {
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        this.base = "http://localhost:" + port;
    }

    /**
     * GET a path.
     * @param path the path
     * @param headers header names and values, alternating
     * @return the response
     */
    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /**
     * POST a JSON body.
     * @param path the path
     * @param json the body
     * @param headers header names and values, alternating
     * @return the response
     */
    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(
                request(path, headers).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    /**
     * POST a JSON body, letting I/O errors through (the server may be going away).
     * @param path the path
     * @param json the body
     * @param headers header names and values, alternating
     * @return the response
     * @throws IOException if the exchange failed
     * @throws InterruptedException if interrupted
     */
    public HttpResponse<String> tryPost(String path, String json, String... headers)
            throws IOException, InterruptedException {
        return this.client.send(request(path, headers).header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json))
            .build(), BodyHandlers.ofString());
    }

    /**
     * Return the {@code Authorization} value of HTTP basic.
     * @param user the user
     * @param password the password
     * @return the header value
     */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Return the task name in a {@code 202} body, such as {@code ingest#42}.
     * @param body the body
     * @return the task name
     * @throws IllegalArgumentException if the body names no task
     */
    public static String task(String body) {
        Matcher matcher = TASK.matcher(body);
        if (!matcher.find()) {
            throw new IllegalArgumentException("No task in " + body);
        }
        return matcher.group(1);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
            .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return this.client.send(request.build(), BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
