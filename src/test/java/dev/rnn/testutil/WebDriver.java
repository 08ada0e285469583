package dev.rnn.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of the W3C WebDriver protocol, over plain HTTP to Debian's chromedriver, to drive a
 * headless chromium in a test: navigate, find, type, click, read text, run a script, screenshot.
 * Starts its own chromedriver on a free loopback port and a chromium with a fresh profile; close()
 * ends both.
 */
public final class WebDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String session;

    public WebDriver(Path profile, Path log) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder("chromedriver", "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                if (call("GET", "/status", null).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !driver.isAlive()) {
                close();
                throw new IllegalStateException("chromedriver did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        Map<String, Object> chrome = Map.of("binary", "/usr/bin/chromium", "args", List.of("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1100,1250", "--user-data-dir=" + profile));
        JsonNode r = call("POST", "/session", Map.of("capabilities",
                Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", chrome))));
        session = r.path("value").path("sessionId").asText();
        if (session.isEmpty()) {
            close();
            throw new IllegalStateException("chromedriver gave no session: " + r);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (method.equals("GET")) {
            b.GET();
        } else if (method.equals("DELETE")) {
            b.DELETE();
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body == null ? Map.of() : body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + path + ": " + r.statusCode() + " " + j);
        }
        return j;
    }

    private JsonNode session(String method, String path, Object body) throws Exception {
        return call(method, "/session/" + session + path, body);
    }

    public void navigate(String url) throws Exception {
        session("POST", "/url", Map.of("url", url));
    }

    /** The element id of the CSS selector's first match. */
    public String find(String css) throws Exception {
        JsonNode v = session("POST", "/element", Map.of("using", "css selector", "value", css)).path("value");
        return v.elements().next().asText();
    }

    public void clear(String element) throws Exception {
        session("POST", "/element/" + element + "/clear", null);
    }

    public void type(String element, String text) throws Exception {
        session("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    public void click(String element) throws Exception {
        session("POST", "/element/" + element + "/click", null);
    }

    /** Runs a script in the page and returns its result. */
    public JsonNode execute(String script, Object... args) throws Exception {
        return session("POST", "/execute/sync", Map.of("script", script, "args", List.of(args))).path("value");
    }

    /** Polls a script until it returns true, or fails after {@code seconds}. */
    public void await(String condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!execute("return " + condition + ";").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page did not reach: " + condition);
            }
            Thread.sleep(50);
        }
    }

    public void screenshot(Path png) throws Exception {
        String b64 = session("GET", "/screenshot", null).path("value").asText();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(b64));
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                session("DELETE", "", null);
            }
        } catch (Exception e) {
            // the browser is ended with the driver below either way
        }
        driver.destroy();
        try {
            if (!driver.waitFor(5, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            driver.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The ids of elements matching a CSS selector. */
    public List<String> findAll(String css) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : session("POST", "/elements", Map.of("using", "css selector", "value", css)).path("value")) {
            out.add(e.elements().next().asText());
        }
        return out;
    }
}
