package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.testutil.TinyCheckpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn serve} as a process: the same random seed gives rnn sample's text; Ctrl-C stops it cleanly. */
@Timeout(120)
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits for the "serving ... at http://127.0.0.1:PORT/" line and returns the port. */
    static int awaitPort(Path log, Process p) throws Exception {
        Pattern url = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = url.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!p.isAlive()) {
                throw new AssertionError("rnn serve ended early: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("rnn serve did not print its address: " + Files.readString(log));
    }

    @Test
    void theSameRandomSeedGivesRnnSamplesTextAndCtrlCStopsIt(@TempDir Path dir) throws Exception {
        Path ckpt = TinyCheckpoints.lstm(dir);
        Path log = dir.resolve("serve.log");
        Process p = Cli.start(log, "serve", "--checkpoint", ckpt.toString(), "--port", "0");
        try {
            int port = awaitPort(log, p);
            String body = "{\"seed\":\"ROMEO:\",\"len\":200,\"temperature\":0.7,\"top_k\":30,\"top_p\":0.95,\"random_seed\":12}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sample"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            StringBuilder text = new StringBuilder("ROMEO:");
            for (String line : r.body().split("\n")) {
                if (line.startsWith("data: ")) {
                    var d = JSON.readTree(line.substring(6));
                    if (d.has("text")) {
                        text.append(d.get("text").asText());
                    }
                }
            }
            Cli.Result s = Cli.run("sample", "--checkpoint", ckpt.toString(), "--seed", "ROMEO:", "--len", "200",
                    "--temperature", "0.7", "--top-k", "30", "--top-p", "0.95", "--random-seed", "12");
            assertEquals(0, s.code(), s.err());
            assertEquals(s.out(), text + "\n");

            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "rnn serve did not stop on SIGINT");
            assertTrue(Files.readString(log).contains("rnn: server stopped"), Files.readString(log));
            assertTrue(!Files.readString(log).contains("Exception"), Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        BadInputTest.assertError(Cli.run("serve", "--checkpoint", c, "--port", "70000"), 2, "--port is 70000");
        BadInputTest.assertError(Cli.run("serve", "--checkpoint", c, "--max-generations", "0"), 2, "--max-generations");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            BadInputTest.assertError(Cli.run("serve", "--checkpoint", c, "--port", String.valueOf(taken.getLocalPort())), 1,
                    "choose another --port");
        }
    }
}
