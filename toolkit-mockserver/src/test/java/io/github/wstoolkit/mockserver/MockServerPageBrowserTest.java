package io.github.wstoolkit.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.wstoolkit.api.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example project's web page in a real browser: headless Chromium driven through chromedriver's W3C WebDriver HTTP API
 * with {@code java.net.http}. Skipped when Chromium or chromedriver is missing, unless {@code CI=true}.
 */
class MockServerPageBrowserTest {

    static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Process driver;
    URI driverUri;
    String session;
    Path profile;

    static Optional<Path> find(String... names) {
        for (String name : names) {
            for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/lib/chromium")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @BeforeEach
    void startBrowser() throws Exception {
        Optional<Path> chromium = find("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = find("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String msg = "headless Chromium test needs chromium and chromedriver"
                    + " (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + ": CI=true, so it must run");
            }
            Assumptions.assumeTrue(false, msg);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path logs = Path.of("target", "chromedriver.log");
        Files.createDirectories(logs.getParent());
        driver = new ProcessBuilder(chromedriver.get().toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(logs.toFile())
                .start();
        driverUri = URI.create("http://127.0.0.1:" + port);
        await("chromedriver ready", () -> {
            try {
                Map<?, ?> status = (Map<?, ?>) call("GET", "/status", null);
                return Boolean.TRUE.equals(status.get("ready")) ? Optional.of(true) : Optional.empty();
            } catch (IOException notYet) {
                return Optional.empty();
            }
        });
        profile = Files.createTempDirectory("wst-chromium-");
        Map<String, Object> options = Map.of(
                "binary",
                chromium.get().toString(),
                "args",
                List.of(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1000,900",
                        "--user-data-dir=" + profile));
        Map<?, ?> created = (Map<?, ?>) call(
                "POST",
                "/session",
                Map.of(
                        "capabilities",
                        Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
        session = (String) created.get("sessionId");
    }

    @AfterEach
    void stopBrowser() throws Exception {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } finally {
            if (driver != null) {
                driver.destroy();
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            }
        }
    }

    /** One WebDriver command; returns its {@code value}. */
    Object call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(driverUri.resolve(path)).timeout(Duration.ofSeconds(30));
        HttpRequest.BodyPublisher pub = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.stringify(body));
        b.method(method, pub).header("Content-Type", "application/json; charset=utf-8");
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Object value = ((Map<?, ?>) Json.parse(r.body())).get("value");
        if (r.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " → " + r.statusCode() + ": " + r.body());
        }
        return value;
    }

    String element(String css) throws IOException, InterruptedException {
        Map<?, ?> v = (Map<?, ?>)
                call("POST", "/session/" + session + "/element", Map.of("using", "css selector", "value", css));
        return (String) v.get(ELEMENT);
    }

    String text(String css) throws IOException, InterruptedException {
        return (String) call("GET", "/session/" + session + "/element/" + element(css) + "/text", null);
    }

    String attribute(String css, String name) throws IOException, InterruptedException {
        Object v = call("GET", "/session/" + session + "/element/" + element(css) + "/attribute/" + name, null);
        return v == null ? null : v.toString();
    }

    /** Polls every 50 ms (a scheduled re-check, not a sleep) until the supplier gives a value or the deadline passes. */
    static <T> T await(String what, CheckedSupplier<Optional<T>> check) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        var delayed = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
        while (true) {
            Optional<T> v = check.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            CompletableFuture.runAsync(() -> {}, delayed).get();
        }
    }

    @FunctionalInterface
    interface CheckedSupplier<T> {
        T get() throws Exception;
    }

    void waitConnected() throws Exception {
        await("the page to connect", () -> text("#status").equals("Connected") ? Optional.of(true) : Optional.empty());
    }

    String ask(String prompt) throws Exception {
        String input = element("#prompt");
        call("POST", "/session/" + session + "/element/" + input + "/clear", Map.of());
        call("POST", "/session/" + session + "/element/" + input + "/value", Map.of("text", prompt));
        call("POST", "/session/" + session + "/element/" + element("#send") + "/click", Map.of());
        await(
                "the streamed reply",
                () -> "true".equals(attribute("#reply", "data-done")) ? Optional.of(true) : Optional.empty());
        return text("#reply");
    }

    @Test
    void pageStreamsTheReplyAndReconnectsAfterTheServerComesBack() throws Exception {
        int port;
        try (MockServer server = MockServer.start()) {
            port = server.port();
            call(
                    "POST",
                    "/session/" + session + "/url",
                    Map.of("url", server.uri().toString()));
            waitConnected();
            assertEquals("Hello! How can I help you today?", ask("Hello from Chromium"));
            String log = text("#log");
            assertEquals(
                    7,
                    log.lines().filter(l -> l.contains("← {\"type\":\"chunk\"")).count(),
                    "the reply arrived as 7 chunk frames:\n" + log);
            assertTrue(log.contains("→ {\"prompt\":\"Hello from Chromium\",\"stream\":true}"), log);
            byte[] png = Base64.getDecoder().decode((String) call("GET", "/session/" + session + "/screenshot", null));
            Path shot = Path.of("target", "screenshots", "mock-page.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, png);
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
            JournalEntry e =
                    server.awaitJournal(j -> j.stream().anyMatch(x -> x.texts().size() == 1), DEADLINE).stream()
                            .filter(x -> x.texts().size() == 1)
                            .findFirst()
                            .orElseThrow();
            assertEquals(
                    "{\"prompt\":\"Hello from Chromium\",\"stream\":true}",
                    e.texts().get(0));
        }
        await(
                "the page to notice the loss",
                () -> text("#status").startsWith("Disconnected (1001)") ? Optional.of(true) : Optional.empty());
        try (MockServer again = MockServer.builder().port(port).start()) {
            waitConnected();
            assertEquals(
                    "Why did the programmer quit his job? Because he didn't get arrays!",
                    ask("tell me a joke, please"));
            assertEquals(1, again.journal().size(), "the page reconnected on its own");
        }
    }
}
