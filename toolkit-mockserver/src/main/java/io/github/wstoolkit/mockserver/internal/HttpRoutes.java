package io.github.wstoolkit.mockserver.internal;

import io.github.wstoolkit.api.json.Json;
import io.github.wstoolkit.mockserver.JournalEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The plain HTTP routes: {@code GET /health}, the chunk/done server's web page at {@code GET /} and {@code /index.html}, the
 * journal at {@code GET /__journal} ({@code DELETE} clears it), an OpenAI Chat Completions mock at
 * {@code POST /v1/chat/completions} ({@link ChatCompletions}); anything else is {@code 404 Not found}.
 */
final class HttpRoutes extends HttpHandler {

    private final ServerCore core;
    private final String page;

    HttpRoutes(ServerCore core, String wsPath) {
        this.core = core;
        this.page = loadPage().replace("{{WS_PATH}}", wsPath);
    }

    private static String loadPage() {
        try (InputStream in = HttpRoutes.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the mock server's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        Method method = request.getMethod();
        switch (path) {
            case "/health" -> {
                if (allow(method, response, "GET")) {
                    send(response, 200, "application/json", Json.stringify(Map.of("status", "ok")));
                }
            }
            case "/", "/index.html" -> {
                if (allow(method, response, "GET")) {
                    response.setHeader("Cache-Control", "no-store");
                    send(response, 200, "text/html; charset=utf-8", page);
                }
            }
            case "/__journal" -> {
                if (Method.DELETE.equals(method)) {
                    core.journal().clear();
                    response.setStatus(204);
                } else if (allow(method, response, "GET, DELETE")) {
                    List<Object> entries = new ArrayList<>();
                    for (JournalEntry e : core.journal().snapshot()) {
                        entries.add(e.toJson());
                    }
                    send(response, 200, "application/json", Json.stringify(Map.of("connections", entries), 2));
                }
            }
            case "/v1/chat/completions" -> {
                if (Method.POST.equals(method)) {
                    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    ChatCompletions.Answer a = ChatCompletions.handle(request.getHeader("Authorization"), body);
                    send(response, a.status(), "application/json", a.body());
                } else {
                    response.setHeader("Allow", "POST");
                    send(response, 405, "text/plain; charset=utf-8", "Method not allowed");
                }
            }
            default -> send(response, 404, "text/plain; charset=utf-8", "Not found");
        }
    }

    private static boolean allow(Method method, Response response, String allowed) throws IOException {
        if (Method.GET.equals(method) || Method.HEAD.equals(method)) {
            return true;
        }
        response.setHeader("Allow", allowed);
        send(response, 405, "text/plain; charset=utf-8", "Method not allowed");
        return false;
    }

    private static void send(Response response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
