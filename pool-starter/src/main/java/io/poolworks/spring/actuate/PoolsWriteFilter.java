package io.poolworks.spring.actuate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.actuate.PoolsEndpoint.ViolationDescriptor;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.json.JsonWriter;
import org.springframework.core.env.Environment;

/**
 * Answers what Spring Boot's web endpoints cannot for the pools endpoint's write, before
 * it is read into strings: a member that is not a field, or a value that is an array or
 * an object, is a 400 with the same violations body as any other invalid value; and a
 * write that is not permitted is a 405 whose body names the property that grants it.
 * Everything else passes through untouched, with the body it read. It runs after Spring
 * Security's filters, so an unauthenticated write still gets Security's answer.
 */
final class PoolsWriteFilter implements Filter {

    static final String ACCESS_PROPERTY = "management.endpoint.pools.access";

    static final String MAX_PERMITTED_PROPERTY = "management.endpoints.access.max-permitted";

    private static final EndpointId POOLS = EndpointId.of("pools");

    /**
     * More than any tuning needs: a write holds eight short members.
     */
    private static final int MAX_BODY = 16 * 1024;

    private final Supplier<@Nullable PathMappedEndpoints> endpoints;

    private final WorkerPoolRegistry registry;

    private final Environment environment;

    PoolsWriteFilter(Supplier<@Nullable PathMappedEndpoints> endpoints, WorkerPoolRegistry registry,
            Environment environment) {
        this.endpoints = endpoints;
        this.registry = registry;
        this.environment = environment;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && "POST".equals(http.getMethod())) {
            PathMappedEndpoint endpoint = endpoint();
            String pool = (endpoint != null) ? pool(http, endpoint) : null;
            if (pool != null && !isWritable(endpoint)) {
                notPermitted(http, httpResponse);
                return;
            }
            // An unknown pool is Boot's 404.
            if (pool != null && this.registry.find(pool).isPresent()) {
                filter(http, httpResponse, chain, pool);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String pool)
            throws IOException, ServletException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.contains("json")) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            badRequest(response, pool, List.of(new ViolationDescriptor("request", null,
                    "the body must be at most " + MAX_BODY + " bytes for pool '" + pool + "'")));
            return;
        }
        String json = new String(body, StandardCharsets.UTF_8);
        if (!json.isBlank()) {
            List<ViolationDescriptor> violations;
            try {
                violations = TuningRequest.checkShape(pool, JsonParserFactory.getJsonParser().parseMap(json));
            }
            catch (IllegalArgumentException ex) {
                // JsonParseException among them: not JSON, or not an object.
                violations = List.of(new ViolationDescriptor("request", null,
                        "the body must be a JSON object of " + TuningRequest.FIELDS + " for pool '" + pool + "'"));
            }
            if (!violations.isEmpty()) {
                badRequest(response, pool, violations);
                return;
            }
        }
        chain.doFilter(new ReadAgain(request, body), response);
    }

    private @Nullable PathMappedEndpoint endpoint() {
        PathMappedEndpoints endpoints = this.endpoints.get();
        return (endpoints != null) ? endpoints.getEndpoint(POOLS) : null;
    }

    /**
     * Return the pool a request writes to, or {@code null} if it is not a write of the
     * pools endpoint.
     */
    private static @Nullable String pool(HttpServletRequest request, PathMappedEndpoint endpoint) {
        String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
        String prefix = endpoint.getRootPath();
        int at = path.indexOf("/" + prefix + "/");
        if (at < 0) {
            return null;
        }
        String name = path.substring(at + prefix.length() + 2);
        return (name.isEmpty() || name.contains("/")) ? null : name;
    }

    private static boolean isWritable(PathMappedEndpoint endpoint) {
        return endpoint instanceof ExposableWebEndpoint web && web.getOperations()
            .stream()
            .anyMatch((operation) -> operation.getRequestPredicate().getHttpMethod() == WebEndpointHttpMethod.POST);
    }

    private void notPermitted(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Access maxPermitted = Binder.get(this.environment)
            .bind(MAX_PERMITTED_PROPERTY, Access.class)
            .orElse(Access.UNRESTRICTED);
        String property = (maxPermitted != Access.UNRESTRICTED) ? MAX_PERMITTED_PROPERTY : ACCESS_PROPERTY;
        String message = (maxPermitted != Access.UNRESTRICTED)
                ? "Tuning a pool is not permitted: " + MAX_PERMITTED_PROPERTY + " is " + maxPermitted
                        + "; set it to unrestricted, and " + ACCESS_PROPERTY + "=unrestricted"
                : "Tuning a pool is not permitted: set " + ACCESS_PROPERTY + "=unrestricted to allow it";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        body.put("error", "Method Not Allowed");
        body.put("message", message);
        body.put("property", property);
        body.put("path", request.getRequestURI());
        response.setHeader("Allow", "GET");
        write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, body);
    }

    private static void badRequest(HttpServletResponse response, String pool, List<ViolationDescriptor> violations)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pool", pool);
        body.put("violations", violations.stream().map((violation) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("field", violation.field());
            entry.put("value", violation.value());
            entry.put("reason", violation.reason());
            return entry;
        }).toList());
        write(response, HttpServletResponse.SC_BAD_REQUEST, body);
    }

    private static void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JsonWriter.standard().writeToString(body));
    }

    /**
     * The request with its body, once read here, to be read again by the endpoint.
     */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(this.body);
            return new ServletInputStream() {

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }

            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

    }

}
