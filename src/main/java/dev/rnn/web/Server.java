package dev.rnn.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rnn.api.Alternative;
import dev.rnn.api.CharModel;
import dev.rnn.api.CharScore;
import dev.rnn.api.Generation;
import dev.rnn.api.Sampled;
import dev.rnn.api.UnknownTextException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code rnn serve}: a loaded model behind HTTP on the JDK's own server. {@code GET /} is the web
 * page, {@code GET /api/model} describes the model, {@code POST /api/sample} streams a
 * generation as Server-Sent Events, {@code POST /api/score} scores a text. Every request is
 * bounded (body size, {@code len}, seed length; generations and scorings share a few slots, over
 * which a 503 with Retry-After answers; handler threads and their queue are capped, and the JDK
 * server drops requests that do not arrive in time); a bad request gets a 4xx with a JSON
 * {@code error}. The Host header must name this server (no DNS rebinding), and a request from
 * another origin is refused unless CORS is on.
 */
public final class Server implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param host               the address to bind (127.0.0.1: this machine only)
     * @param port               0 for any free port
     * @param cors               allow requests from any origin (Access-Control-Allow-Origin: *)
     * @param maxGenerations     generations and scorings running at once; more get a 503
     * @param maxConnections     requests handled at once (threads); as many more may wait; beyond, the connection is closed
     * @param maxBodyBytes       the largest request body
     * @param maxLen             the largest {@code len} of a sample
     * @param maxTextChars       the longest seed or text to score, in characters
     * @param requestTimeoutSecs a request must arrive within this many seconds
     */
    public record Options(String host, int port, boolean cors, int maxGenerations, int maxConnections,
                          int maxBodyBytes, int maxLen, int maxTextChars, int requestTimeoutSecs) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port is " + port + "; it must be in 0..65535 (0 = any free port)");
            }
            positive("max generations", maxGenerations);
            positive("max connections", maxConnections);
            positive("max body bytes", maxBodyBytes);
            positive("max len", maxLen);
            positive("max text characters", maxTextChars);
            positive("request timeout", requestTimeoutSecs);
        }

        /** 127.0.0.1:8080, no CORS, 32 generations, 64 connections, 64 KiB bodies, len <= 10000, texts <= 20000 characters, 10 s. */
        public static Options defaults() {
            return new Options("127.0.0.1", 8080, false, 32, 64, 64 << 10, 10_000, 20_000, 10);
        }

        public Options withPort(int p) {
            return new Options(host, p, cors, maxGenerations, maxConnections, maxBodyBytes, maxLen, maxTextChars,
                    requestTimeoutSecs);
        }

        private static void positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " is " + v + "; it must be at least 1");
            }
        }
    }

    private final CharModel model;
    private final Options options;
    private final HttpServer http;
    private final ThreadPoolExecutor pool;
    private final Semaphore slots;
    private final AtomicInteger busy = new AtomicInteger();
    private final boolean wildcard;
    private final String page;
    private final PrintWriter log;

    private Server(CharModel model, Options options, PrintWriter log) throws IOException {
        this.model = model;
        this.options = options;
        this.log = log;
        this.slots = new Semaphore(options.maxGenerations());
        // read once by the JDK server when its first instance is made: set only when the user has not
        setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(options.requestTimeoutSecs()));
        setIfAbsent("sun.net.httpserver.maxRspTime", "300"); // a client that stops reading is dropped
        // connections: at most maxConnections at work (the pool and its queue; past them a request's
        // connection is closed) and as many kept idle, each dropped after 30 s without a request
        setIfAbsent("sun.net.httpserver.maxIdleConnections", String.valueOf(options.maxConnections()));
        setIfAbsent("sun.net.httpserver.idleInterval", "30");
        InetAddress address = InetAddress.getByName(options.host());
        this.wildcard = address.isAnyLocalAddress();
        this.http = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
        this.pool = new ThreadPoolExecutor(options.maxConnections(), options.maxConnections(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.maxConnections()), r -> {
                    Thread t = new Thread(r, "rnn-serve");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        http.setExecutor(pool);
        http.createContext("/", this::handle);
        this.page = Pages.fill(Pages.resource("index.html"), "SCRIPT", Pages.resource("surprisal.js"));
    }

    /** Binds and starts serving; {@code log} gets one line per failed request (may be null). */
    public static Server start(CharModel model, Options options, PrintWriter log) throws IOException {
        Server s = new Server(model, options, log);
        s.http.start();
        return s;
    }

    /** The port bound (the one asked for, or the one chosen for 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Generations and scorings running now. */
    public int busySlots() {
        return busy.get();
    }

    /** Stops accepting, ends the exchanges in progress within a second, and stops the threads. */
    @Override
    public void close() {
        http.stop(1);
        pool.shutdownNow();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                checkHost(ex);
                boolean crossOrigin = checkOrigin(ex);
                if (options.cors() && crossOrigin) {
                    ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                }
                route(ex);
            } catch (HttpError e) {
                if (e.status >= 500 || e.status == 429) {
                    note(ex, e.getMessage());
                }
                sendError(ex, e.status, e.getMessage());
            } catch (IOException e) {
                // the client went away; nothing to answer
            } catch (RuntimeException e) {
                note(ex, "internal error: " + e);
                sendError(ex, 500, "internal error: " + e.getClass().getSimpleName());
            }
        } catch (IOException e) {
            // the error could not be sent either: the client is gone
        }
    }

    private void route(HttpExchange ex) throws IOException, HttpError {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (method.equals("OPTIONS")) {
            if (!options.cors()) {
                throw new HttpError(403, "cross-origin requests are off; start rnn serve with --cors to allow them");
            }
            Headers h = ex.getResponseHeaders();
            h.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            h.set("Access-Control-Allow-Headers", "Content-Type");
            h.set("Access-Control-Max-Age", "600");
            ex.sendResponseHeaders(204, -1);
            return;
        }
        switch (path) {
            case "/" -> {
                expect(ex, "GET");
                Headers h = ex.getResponseHeaders();
                h.set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
                        + " connect-src 'self'; img-src data:");
                sendBody(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
            }
            case "/api/model" -> {
                expect(ex, "GET");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", model.file().getFileName().toString());
                m.put("cell", model.cell());
                m.put("layers", model.layers());
                m.put("hidden", model.hidden());
                m.put("vocab_size", model.vocabulary().size());
                m.put("vocabulary", model.vocabulary());
                m.put("max_len", options.maxLen());
                m.put("max_text_chars", options.maxTextChars());
                sendJson(ex, 200, m);
            }
            case "/api/sample" -> {
                expect(ex, "POST");
                sample(ex, body(ex));
            }
            case "/api/score" -> {
                expect(ex, "POST");
                score(ex, body(ex));
            }
            default -> throw new HttpError(404, "no such page: " + path + "; see GET / and /api/model, POST /api/sample and /api/score");
        }
    }

    private JsonNode body(HttpExchange ex) throws IOException, HttpError {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "the body must be JSON, sent with Content-Type: application/json");
        }
        return Requests.body(ex.getRequestBody(), options.maxBodyBytes());
    }

    private void sample(HttpExchange ex, JsonNode body) throws IOException, HttpError {
        SampleRequest r = SampleRequest.parse(body, options.maxLen(), options.maxTextChars(),
                ThreadLocalRandom.current().nextLong());
        acquire();
        boolean held = true;
        try {
            Generation g;
            try {
                g = model.generate(r.seed(), r.config());
            } catch (UnknownTextException e) {
                throw new HttpError(400, e.getMessage());
            }
            Headers h = ex.getResponseHeaders();
            h.set("Content-Type", "text/event-stream; charset=utf-8");
            h.set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            event(out, "start", fields("random_seed", r.config().randomSeed(), "len", r.len()));
            for (int i = 0; i < r.len(); i++) {
                Sampled s = g.next();
                event(out, null, fields("text", s.text(), "log_prob", s.logProb()));
            }
            // free the slot before the last event: a client that reads it and asks again finds it free
            release();
            held = false;
            event(out, "done", Map.of("chars", r.len()));
        } finally {
            if (held) {
                release();
            }
        }
    }

    /** A JSON object's fields in the order given. */
    private static Map<String, Object> fields(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /** One SSE event: an optional {@code event:} line, one {@code data:} line of JSON, a blank line; flushed. */
    private static void event(OutputStream out, String name, Object data) throws IOException {
        String s = (name == null ? "" : "event: " + name + "\n") + "data: " + JSON.writeValueAsString(data) + "\n\n";
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush(); // a client that left makes this throw, which frees the slot
    }

    private void score(HttpExchange ex, JsonNode body) throws IOException, HttpError {
        Requests.onlyFields(body, Set.of("text"));
        String text = Requests.text(body, "text", options.maxTextChars());
        if (text.codePointCount(0, text.length()) < 2) {
            throw new HttpError(400, "'text' has 1 character; scoring needs at least 2");
        }
        acquire();
        List<CharScore> rows;
        try {
            rows = model.score(text, 5, false);
        } catch (UnknownTextException e) {
            throw new HttpError(400, e.getMessage());
        } finally {
            release();
        }
        List<Object> chars = new ArrayList<>(rows.size());
        double total = 0;
        for (CharScore c : rows) {
            List<Object> top = new ArrayList<>();
            for (Alternative a : c.top()) {
                top.add(fields("char", a.text(), "prob", a.probability()));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", c.position());
            row.put("char", c.text());
            row.put("log_prob", c.logProb());
            row.put("surprisal_bits", c.surprisalBits());
            row.put("top", top);
            chars.add(row);
            total += c.logProb();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("first", new String(Character.toChars(text.codePointAt(0))));
        out.put("chars", chars);
        out.put("scored", rows.size());
        out.put("total_log_prob", total);
        out.put("bits_per_char", -total / rows.size() / Math.log(2));
        sendJson(ex, 200, out);
    }

    private void acquire() throws HttpError {
        if (!slots.tryAcquire()) {
            throw new HttpError(503, "all " + options.maxGenerations() + " generation slots are busy; retry in a second");
        }
        busy.incrementAndGet();
    }

    private void release() {
        busy.decrementAndGet();
        slots.release();
    }

    /** The Host header must name this server: a page from another site resolved to 127.0.0.1 (DNS rebinding) names its own. */
    private void checkHost(HttpExchange ex) throws HttpError {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            throw new HttpError(400, "the request has no Host header");
        }
        String name;
        String port;
        int close = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        if (colon > close) {
            name = host.substring(0, colon);
            port = host.substring(colon + 1);
        } else {
            name = host;
            port = "80";
        }
        name = name.toLowerCase(Locale.ROOT);
        boolean known = name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]")
                || name.equals(options.host().toLowerCase(Locale.ROOT))
                || (wildcard && isIpLiteral(name));
        if (!known || !port.equals(String.valueOf(port()))) {
            throw new HttpError(403, "the Host header '" + host + "' does not name this server (a guard against DNS"
                    + " rebinding); use http://127.0.0.1:" + port() + "/");
        }
    }

    private static boolean isIpLiteral(String name) {
        return name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || name.matches("\\[[0-9a-f:.]+\\]");
    }

    /** True for a request from another origin; refused unless CORS is on. */
    private boolean checkOrigin(HttpExchange ex) throws HttpError {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return false;
        }
        String self = "http://" + ex.getRequestHeaders().getFirst("Host");
        if (origin.equalsIgnoreCase(self)) {
            return false;
        }
        if (!options.cors()) {
            throw new HttpError(403, "requests from " + origin + " are refused; start rnn serve with --cors to allow"
                    + " other origins");
        }
        return true;
    }

    private static void expect(HttpExchange ex, String method) throws HttpError {
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new HttpError(405, ex.getRequestMethod() + " is not allowed here; use " + method);
        }
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        if (status == 503) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        sendJson(ex, status, Map.of("error", message));
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        sendBody(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void sendBody(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void note(HttpExchange ex, String message) {
        if (log != null) {
            log.println("rnn: " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ": " + message);
            log.flush();
        }
    }
}
