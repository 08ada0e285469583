package dev.rnn.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.api.CharModel;
import dev.rnn.api.CharScore;
import dev.rnn.api.Generation;
import dev.rnn.api.SamplingConfig;
import dev.rnn.testutil.TinyCheckpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** rnn serve's server over real HTTP on a loopback port: endpoints, SSE framing, bad requests, disconnects, concurrency. */
@Timeout(60)
class ServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static CharModel model;
    private static Server server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        model = CharModel.load(TinyCheckpoints.lstm(dir));
        server = Server.start(model, Server.Options.defaults().withPort(0), null);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI uri(Server s, String path) {
        return URI.create("http://127.0.0.1:" + s.port() + path);
    }

    private static HttpResponse<String> post(Server s, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(s, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Server s, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(s, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The events of an SSE body: [name, data] pairs, checking the framing on the way. */
    static List<String[]> events(String body) {
        assertTrue(body.endsWith("\n\n"), "an SSE stream ends with a blank line");
        List<String[]> out = new ArrayList<>();
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            String name = "message";
            String data = null;
            for (String line : block.split("\n", -1)) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    assertNull(data, "one data line per event: " + block);
                    data = line.substring(6);
                } else {
                    throw new AssertionError("not an SSE line: '" + line + "'");
                }
            }
            out.add(new String[] {name, data});
        }
        return out;
    }

    static String generated(List<String[]> events) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String[] e : events) {
            if (e[0].equals("message")) {
                sb.append(JSON.readTree(e[1]).get("text").asText());
            }
        }
        return sb.toString();
    }

    private static String expected(String seed, SamplingConfig c, int len) {
        Generation g = model.generate(seed, c);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(g.next().text());
        }
        return sb.toString();
    }

    @Test
    void modelAndPage() throws Exception {
        HttpResponse<String> m = get(server, "/api/model");
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode j = JSON.readTree(m.body());
        assertEquals("lstm", j.get("cell").asText());
        assertEquals(2, j.get("layers").asInt());
        assertEquals(model.vocabulary().size(), j.get("vocabulary").size());
        HttpResponse<String> page = get(server, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("function rnnRender") && page.body().contains("/api/sample"));
        assertFalse(page.body().contains("{{SCRIPT}}"));
    }

    @Test
    void sampleStreamsServerSentEventsACharacterAtATime() throws Exception {
        HttpResponse<String> r = post(server, "/api/sample",
                "{\"seed\": \"Hello\", \"len\": 60, \"temperature\": 0.8, \"top_k\": 20, \"top_p\": 0.9, \"random_seed\": 7}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String[]> ev = events(r.body());
        assertEquals(62, ev.size());
        assertEquals("start", ev.get(0)[0]);
        assertEquals(7, JSON.readTree(ev.get(0)[1]).get("random_seed").asLong());
        assertEquals("done", ev.get(61)[0]);
        for (int i = 1; i <= 60; i++) {
            JsonNode d = JSON.readTree(ev.get(i)[1]);
            assertEquals(1, d.get("text").asText().codePointCount(0, d.get("text").asText().length()));
            assertTrue(d.get("log_prob").asDouble() <= 0);
        }
        assertEquals(expected("Hello", new SamplingConfig(0.8f, 20, 0.9, 7), 60), generated(ev));
        // without a random seed the server picks one and says which
        List<String[]> free = events(post(server, "/api/sample", "{\"seed\": \"Hi\", \"len\": 30}").body());
        long picked = JSON.readTree(free.get(0)[1]).get("random_seed").asLong();
        assertEquals(expected("Hi", SamplingConfig.DEFAULT.withRandomSeed(picked), 30), generated(free));
    }

    @Test
    void scoreMatchesTheApi() throws Exception {
        String text = "To be, or not to be";
        HttpResponse<String> r = post(server, "/api/score", JSON.writeValueAsString(java.util.Map.of("text", text)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        List<CharScore> want = model.score(text, 5, false);
        assertEquals("T", j.get("first").asText());
        assertEquals(want.size(), j.get("chars").size());
        double total = 0;
        for (int i = 0; i < want.size(); i++) {
            JsonNode c = j.get("chars").get(i);
            assertEquals(want.get(i).text(), c.get("char").asText());
            assertEquals(want.get(i).logProb(), c.get("log_prob").asDouble(), 1e-12);
            assertEquals(5, c.get("top").size());
            total += want.get(i).logProb();
        }
        assertEquals(total, j.get("total_log_prob").asDouble(), 1e-9);
    }

    @Test
    void badRequestsGetA4xxWithAJsonErrorAndTheServerGoesOn() throws Exception {
        String[][] cases = {
            {"/api/sample", "{not json", "400", "not valid JSON"},
            {"/api/sample", "[1, 2]", "400", "JSON object"},
            {"/api/sample", "{\"seed\": \"a\", \"lenn\": 3}", "400", "unknown field 'lenn'"},
            {"/api/sample", "{\"len\": 3}", "400", "'seed' must be a string"},
            {"/api/sample", "{\"seed\": \"\"}", "400", "'seed' is empty"},
            {"/api/sample", "{\"seed\": \"a\", \"len\": 10001}", "400", "'len' must be a whole number in 0..10000"},
            {"/api/sample", "{\"seed\": \"a\", \"len\": 2.5}", "400", "'len'"},
            {"/api/sample", "{\"seed\": \"a\", \"temperature\": -1}", "400", "temperature"},
            {"/api/sample", "{\"seed\": \"a\", \"top_p\": 0}", "400", "top_p"},
            {"/api/sample", "{\"seed\": \"a\", \"top_k\": -2}", "400", "top_k"},
            {"/api/sample", "{\"seed\": \"a\", \"random_seed\": \"x\"}", "400", "random_seed"},
            {"/api/sample", "{\"seed\": \"caf\u00e9\"}", "400", "U+00E9"},
            {"/api/score", "{\"text\": \"a\"}", "400", "at least 2"},
            {"/api/score", "{\"text\": 5}", "400", "'text' must be a string"},
            {"/api/sample", "{\"seed\": \"" + "a".repeat(70_000) + "\"}", "413", "larger than"},
            {"/api/sample", "{\"seed\": \"" + "a".repeat(20_001) + "\"}", "400", "more than 20000"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = post(server, c[0], c[1]);
            assertEquals(Integer.parseInt(c[2]), r.statusCode(), c[1].substring(0, Math.min(40, c[1].length())));
            JsonNode e = JSON.readTree(r.body());
            assertTrue(e.get("error").asText().contains(c[3]), e + " should say " + c[3]);
        }
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(uri(server, "/api/sample"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"seed\":\"a\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, plain.statusCode());
        assertEquals(405, get(server, "/api/sample").statusCode());
        assertEquals(405, post(server, "/api/model", "{}").statusCode());
        HttpResponse<String> missing = get(server, "/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(JSON.readTree(missing.body()).has("error"));
        assertEquals(200, get(server, "/api/model").statusCode());
    }

    /** A request over a raw socket, for headers HttpClient will not send; returns the whole response. */
    static String raw(int port, String method, String path, String host, String origin, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String req = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theHostHeaderMustNameThisServerAndOtherOriginsNeedCors() throws Exception {
        int p = server.port();
        assertTrue(raw(p, "GET", "/api/model", "127.0.0.1:" + p, null, null).startsWith("HTTP/1.1 200"));
        assertTrue(raw(p, "GET", "/api/model", "localhost:" + p, null, null).startsWith("HTTP/1.1 200"));
        String rebound = raw(p, "GET", "/api/model", "evil.example:" + p, null, null);
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("DNS rebinding"), rebound);
        assertTrue(raw(p, "GET", "/api/model", "127.0.0.1:" + (p + 1), null, null).startsWith("HTTP/1.1 403"));
        assertTrue(raw(p, "GET", "/api/model", "127.0.0.1:" + p, "http://127.0.0.1:" + p, null).startsWith("HTTP/1.1 200"));
        String cross = raw(p, "POST", "/api/sample", "127.0.0.1:" + p, "http://evil.example", "{\"seed\":\"a\",\"len\":3}");
        assertTrue(cross.startsWith("HTTP/1.1 403"), cross);
        assertTrue(cross.contains("--cors"), cross);
        assertTrue(raw(p, "OPTIONS", "/api/sample", "127.0.0.1:" + p, "http://evil.example", null).startsWith("HTTP/1.1 403"));

        try (Server cors = Server.start(model, new Server.Options("127.0.0.1", 0, true, 4, 8, 1 << 16, 100, 1000, 10), null)) {
            int q = cors.port();
            String pre = raw(q, "OPTIONS", "/api/sample", "127.0.0.1:" + q, "http://elsewhere.example", null);
            assertTrue(pre.startsWith("HTTP/1.1 204"), pre);
            assertTrue(pre.toLowerCase(java.util.Locale.ROOT).contains("access-control-allow-origin: *"), pre); // names are case-insensitive
            String ok = raw(q, "POST", "/api/sample", "127.0.0.1:" + q, "http://elsewhere.example", "{\"seed\":\"a\",\"len\":3}");
            assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
            assertTrue(ok.toLowerCase(java.util.Locale.ROOT).contains("access-control-allow-origin: *"), ok);
            assertTrue(raw(q, "GET", "/", "evil.example:" + q, null, null).startsWith("HTTP/1.1 403"));
        }
    }

    /** Opens a generation that the client does not read, so it holds its slot; returns the socket. */
    private static Socket stalledGeneration(int port, int len) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setReceiveBufferSize(4096);
        String body = "{\"seed\":\"a\",\"len\":" + len + ",\"random_seed\":1}";
        String req = "POST /api/sample HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] first = new byte[64];
        assertTrue(in.read(first) > 0, "the stream started");
        return s;
    }

    private static void awaitFreeSlots(Server s, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (s.busySlots() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, s.busySlots(), "a slot was still held " + millis + " ms after its client left");
    }

    @Test
    void overTheCapA503WithRetryAfterAndADisconnectedClientFreesItsSlotWithinASecond() throws Exception {
        try (Server small = Server.start(model, new Server.Options("127.0.0.1", 0, false, 1, 4, 1 << 16, 1_000_000, 1000, 10),
                null)) {
            Socket hog = stalledGeneration(small.port(), 1_000_000);
            Thread.sleep(200);
            assertEquals(1, small.busySlots());
            HttpResponse<String> busy = post(small, "/api/sample", "{\"seed\":\"a\",\"len\":3}");
            assertEquals(503, busy.statusCode());
            assertEquals("1", busy.headers().firstValue("Retry-After").orElse(""));
            assertTrue(JSON.readTree(busy.body()).get("error").asText().contains("busy"));
            hog.close();
            awaitFreeSlots(small, 1000);
            HttpResponse<String> after = post(small, "/api/sample", "{\"seed\":\"a\",\"len\":3,\"random_seed\":2}");
            assertEquals(200, after.statusCode());
            assertEquals(expected("a", SamplingConfig.DEFAULT.withRandomSeed(2), 3), generated(events(after.body())));
        }
    }

    @Test
    void aClientThatReadsAFewEventsAndLeavesFreesItsSlot() throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri(server, "/api/sample"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"seed\":\"a\",\"len\":10000,\"random_seed\":3}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        for (int i = 0; i < 10; i++) {
            assertTrue(reader.readLine() != null);
        }
        reader.close();
        awaitFreeSlots(server, 1000);
        assertEquals(200, get(server, "/api/model").statusCode());
    }

    @Test
    void concurrentClientsEachGetTheTextOfTheirRandomSeed() throws Exception {
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> got = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int seed = 100 + i;
                got.add(pool.submit(() -> generated(events(post(server, "/api/sample",
                        "{\"seed\":\"Once upon\",\"len\":400,\"temperature\":0.9,\"random_seed\":" + seed + "}").body()))));
            }
            for (int i = 0; i < clients; i++) {
                assertEquals(expected("Once upon", new SamplingConfig(0.9f, 0, 1.0, 100 + i), 400), got.get(i).get(),
                        "client " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        awaitFreeSlots(server, 1000);
    }

    @Test
    void aClientAskingAgainRightAfterTheLastEventFindsItsSlotFree() throws Exception {
        try (Server one = Server.start(model, new Server.Options("127.0.0.1", 0, false, 1, 4, 1 << 16, 1000, 1000, 10),
                null)) {
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> r = post(one, "/api/sample", "{\"seed\":\"a\",\"len\":20,\"random_seed\":" + i + "}");
                assertEquals(200, r.statusCode(), "request " + i + ": " + r.body());
            }
        }
    }
}
