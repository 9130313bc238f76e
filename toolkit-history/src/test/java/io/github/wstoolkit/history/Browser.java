package io.github.wstoolkit.history;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API with {@code java.net.http} (as the mock
 * server's browser test does). Skipped when Chromium or chromedriver is missing, unless {@code CI=true}.
 */
final class Browser implements AutoCloseable {

    static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process driver;
    private final URI driverUri;
    private final String session;

    private Browser(Process driver, URI driverUri, String session) {
        this.driver = driver;
        this.driverUri = driverUri;
        this.session = session;
    }

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

    /** Starts chromedriver and a headless Chromium with a fresh profile; skips the test when they are missing. */
    static Browser start(Path profile) throws Exception {
        Optional<Path> chromium = find("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = find("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String msg = "the viewer's browser test needs chromium and chromedriver (.ci/ensure-chromium.sh)";
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
        Process driver = new ProcessBuilder(chromedriver.get().toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(logs.toFile())
                .start();
        URI uri = URI.create("http://127.0.0.1:" + port);
        try {
            Fake.await("chromedriver ready", () -> {
                try {
                    Map<?, ?> status = (Map<?, ?>) call(uri, "GET", "/status", null);
                    return Boolean.TRUE.equals(status.get("ready"));
                } catch (IOException notYet) {
                    return false;
                }
            });
            Map<String, Object> options = Map.of(
                    "binary",
                    chromium.get().toString(),
                    "args",
                    List.of(
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--no-first-run",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-dev-shm-usage",
                            "--window-size=1400,1000",
                            "--user-data-dir=" + profile));
            Map<?, ?> created = (Map<?, ?>) call(
                    uri,
                    "POST",
                    "/session",
                    Map.of(
                            "capabilities",
                            Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
            return new Browser(driver, uri, (String) created.get("sessionId"));
        } catch (Exception | AssertionError e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            call(driverUri, "DELETE", "/session/" + session, null);
        } finally {
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        }
    }

    static Object call(URI base, String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
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

    Object call(String method, String path, Object body) throws IOException, InterruptedException {
        return call(driverUri, method, "/session/" + session + path, body);
    }

    void go(String url) throws Exception {
        call("POST", "/url", Map.of("url", url));
    }

    String url() throws Exception {
        return (String) call("GET", "/url", null);
    }

    String title() throws Exception {
        return (String) call("GET", "/title", null);
    }

    String element(String css) throws Exception {
        Map<?, ?> v = (Map<?, ?>) call("POST", "/element", Map.of("using", "css selector", "value", css));
        return (String) v.get(ELEMENT);
    }

    List<?> elements(String css) throws Exception {
        return (List<?>) call("POST", "/elements", Map.of("using", "css selector", "value", css));
    }

    int count(String css) throws Exception {
        return elements(css).size();
    }

    String text(String css) throws Exception {
        return (String) call("GET", "/element/" + element(css) + "/text", null);
    }

    void click(String css) throws Exception {
        call("POST", "/element/" + element(css) + "/click", Map.of());
    }

    void type(String css, String text) throws Exception {
        String e = element(css);
        call("POST", "/element/" + e + "/clear", Map.of());
        call("POST", "/element/" + e + "/value", Map.of("text", text));
    }

    /** Runs a script in the page and returns its value. */
    Object script(String js, Object... args) throws Exception {
        return call("POST", "/execute/sync", Map.of("script", js, "args", List.of(args)));
    }

    /** Waits until the page at a URL matching {@code part} has loaded. */
    void awaitUrl(String part) throws Exception {
        Fake.await(
                "a page at " + part,
                () -> url().contains(part) && "complete".equals(script("return document.readyState")));
    }

    /** A PNG of the window, kept under target/screenshots/. */
    Path screenshot(String name) throws Exception {
        byte[] png = Base64.getDecoder().decode((String) call("GET", "/screenshot", null));
        Path shot = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, png);
        return shot;
    }

    /** A PNG of the whole page: the window is made as tall as the page first. */
    Path fullScreenshot(String name) throws Exception {
        Number h = (Number) script("return Math.min(6000, document.documentElement.scrollHeight)");
        call("POST", "/window/rect", Map.of("width", 1400, "height", Math.max(1000, h.intValue() + 120)));
        try {
            return screenshot(name);
        } finally {
            call("POST", "/window/rect", Map.of("width", 1400, "height", 1000));
        }
    }
}
