package io.poolworks.redis.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} process on a free loopback port, for tests and benchmarks:
 * no Docker, no mock. It runs in a temporary directory, without persistence unless its
 * arguments turn it on, and can be stopped, restarted on the same port and paused, for
 * fault tests. <pre>{@code
 * static RedisServer redis;
 * &#64;BeforeAll static void startRedis() throws IOException { redis = RedisServer.start(); }
 *

&#64;AfterAll static void stopRedis() { redis.close(); }
 * }</pre>
 * <p>
 * The binary is the {@code redis-server} on the {@code PATH} when there is one, otherwise
 * the Linux (or macOS) binary shipped inside the Maven artifact
 * {@code com.github.codemonstur:embedded-redis} (which must then be on the class path),
 * extracted once per JVM. The system property {@value #BINARY_PROPERTY} overrides the
 * choice: {@code embedded}, {@code path}, or the path of a binary.
 * <p>
 * Not thread-safe: one test thread drives it.
 */
public final class RedisServer implements AutoCloseable {

    /**
     * The system property that chooses the binary: {@code embedded}, {@code path} or a
     * file.
     */
    public static final String BINARY_PROPERTY = "poolworks.redis-server";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static @Nullable Path embedded;

    private final Path binary;

    private final Path directory;

    private final List<String> arguments;

    private int port;

    private @Nullable Process process;

    private RedisServer(Path binary, Path directory, List<String> arguments) {
        this.binary = binary;
        this.directory = directory;
        this.arguments = List.copyOf(arguments);
    }

    /**
     * Start a server with the default binary on a free port.
     * @param arguments extra {@code redis-server} arguments, for example
     * {@code "--cluster-enabled", "yes"}
     * @return the running server
     * @throws IOException if it cannot start
     */
    public static RedisServer start(String... arguments) throws IOException {
        return start(defaultBinary(), arguments);
    }

    /**
     * Start a server with the given binary on a free port.
     * @param binary the {@code redis-server} executable
     * @param arguments extra {@code redis-server} arguments
     * @return the running server
     * @throws IOException if it cannot start
     */
    public static RedisServer start(Path binary, String... arguments) throws IOException {
        RedisServer server = new RedisServer(binary, Files.createTempDirectory("poolworks-redis-"), List.of(arguments));
        IOException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                server.launch(freePort());
                return server;
            }
            catch (IOException ex) {
                // Another process may have taken the free port first: try another.
                failure = ex;
            }
        }
        throw failure;
    }

    /**
     * Return the binary {@link #start(String...)} uses: as chosen by the system property
     * {@value #BINARY_PROPERTY}, else the {@code PATH}'s, else the embedded one.
     * @return the binary
     * @throws IOException if the embedded binary cannot be extracted
     */
    public static Path defaultBinary() throws IOException {
        String choice = System.getProperty(BINARY_PROPERTY, "");
        switch (choice) {
            case "embedded":
                return embeddedBinary();
            case "path":
                return pathBinary().orElseThrow(() -> new IOException("No redis-server on the PATH"));
            case "":
                Optional<Path> onPath = pathBinary();
                return onPath.isPresent() ? onPath.get() : embeddedBinary();
            default:
                return Path.of(choice);
        }
    }

    /**
     * Return the {@code redis-server} on the {@code PATH}, if any.
     * @return the binary, or empty
     */
    public static Optional<Path> pathBinary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Return the binary shipped inside {@code com.github.codemonstur:embedded-redis} for
     * this platform, extracted to a temporary file once per JVM.
     * @return the binary
     * @throws IOException if the platform has none or it cannot be extracted
     */
    public static synchronized Path embeddedBinary() throws IOException {
        Path binary = embedded;
        if (binary != null && Files.isExecutable(binary)) {
            return binary;
        }
        String resource = embeddedResource();
        try (InputStream in = RedisServer.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path: add the test dependency "
                        + "com.github.codemonstur:embedded-redis, or put redis-server on the PATH");
            }
            Path directory = Files.createTempDirectory("poolworks-redis-bin-");
            binary = directory.resolve("redis-server");
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            if (!binary.toFile().setExecutable(true)) {
                throw new IOException("Cannot make " + binary + " executable");
            }
            binary.toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
        }
        embedded = binary;
        return binary;
    }

    private static String embeddedResource() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux") && x64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm) {
            return "redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("mac") && (x64 || arm)) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        throw new IOException(
                "embedded-redis ships no redis-server for " + os + "/" + arch + ": put redis-server on the PATH");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void launch(int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(this.binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
                this.directory.toString(), "--logfile", ""));
        command.addAll(this.arguments);
        Path log = this.directory.resolve("redis-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        this.port = port;
        this.process = process;
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                this.process = null;
                throw new IOException(this.binary + " exited with " + process.exitValue() + " on port " + port + ":\n"
                        + Files.readString(log));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            }
            catch (UncheckedIOException ex) {
                // Not listening yet.
            }
            if (System.nanoTime() - deadline > 0L) {
                process.destroyForcibly();
                this.process = null;
                throw new IOException(
                        this.binary + " did not answer PING within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * Return the port the server listens on (the same after a restart).
     * @return the port
     */
    public int port() {
        return this.port;
    }

    /**
     * Return the URI of the server, for {@code RedisClient.create(uri)}.
     * @return the URI, for example {@code redis://127.0.0.1:40123}
     */
    public String uri() {
        return "redis://127.0.0.1:" + this.port;
    }

    /**
     * Return the binary this server runs.
     * @return the binary
     */
    public Path binary() {
        return this.binary;
    }

    /**
     * Return whether the server process is running.
     * @return whether it runs
     */
    public boolean isRunning() {
        Process process = this.process;
        return process != null && process.isAlive();
    }

    /**
     * Send one command and return its reply: a simple string, an integer or a bulk string
     * as text (an array's elements joined by new lines; {@code null} as an empty string).
     * The command waits while the server is {@linkplain #pause(Duration) paused}.
     * @param arguments the command and its arguments, for example
     * {@code "CLIENT", "PAUSE",
     * "3000", "ALL"}
     * @return the reply
     * @throws UncheckedIOException if the server cannot be reached
     * @throws IllegalStateException if the server answers with an error
     */
    public String command(String... arguments) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 1_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder().append('*').append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Redis on port " + this.port + " did not answer " + arguments[0], ex);
        }
    }

    private static String reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', ':':
                return line;
            case '-':
                throw new IllegalStateException("Redis answered: " + line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return "";
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<String> elements = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    elements.add(reply(in));
                }
                return String.join("\n", elements);
            }
            default:
                throw new IOException("Unexpected reply type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int c = in.read(); c != -1; c = in.read()) {
            if (previous == '\r' && c == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(c);
            previous = c;
        }
        throw new IOException("Connection closed in the middle of a reply");
    }

    /**
     * Make the server hold every client's commands for the given time
     * ({@code CLIENT PAUSE <ms> ALL}): clients stay connected and their commands wait, as
     * with a stalled server. There is no way to end it early: Redis 6.2 holds even
     * {@code CLIENT UNPAUSE} during such a pause.
     * @param duration how long
     */
    public void pause(Duration duration) {
        command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
    }

    /**
     * Stop the server (SIGTERM, then SIGKILL if it does not exit in time). Its data is
     * lost unless it was started with persistence ({@code --appendonly yes}), which the
     * extra arguments of {@link #start(String...)} may turn on. Does nothing if it is not
     * running.
     */
    public void stop() {
        Process process = this.process;
        if (process == null) {
            return;
        }
        this.process = null;
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Start the server again on the same port, in the same directory: empty, unless it
     * was started with persistence (for example
     * {@code RedisServer.start("--appendonly", "yes", "--appendfsync", "always")}), in
     * which case it comes back with the data it had when it was {@linkplain #stop()
     * stopped}.
     * @throws IOException if it cannot start
     * @throws IllegalStateException if it is running
     */
    public void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("Redis on port " + this.port + " is running");
        }
        launch(this.port);
    }

    /** Stop the server and delete its directory. */
    @Override
    public void close() {
        stop();
        try (var files = Files.walk(this.directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            // A temporary directory left behind is harmless.
        }
    }

    @Override
    public String toString() {
        return "RedisServer(" + this.binary + ", port " + this.port + ")";
    }

}
