package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.testutil.TinyCheckpoints;
import dev.rnn.testutil.WebDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages in a real browser: Debian's headless chromium, driven through chromedriver, loads
 * the page rnn serve gives, enters a seed and a random seed, and sees rnn sample's text appear;
 * then the surprisal view and an rnn score --html page, hovered. Screenshots go to
 * target/screenshots (docs/ keeps the README's; -Drnn.browser.checkpoint=FILE takes a trained
 * model for them). Needs chromium and chromium-driver (.ci/run installs them);
 * -Drnn.test.exclude=browser leaves it out where they cannot be installed.
 */
@Tag("browser")
@Timeout(180)
class BrowserTest {
    @Test
    void thePageStreamsRnnSamplesTextAndShowsSurprisal(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "this test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
                        + " (or leave it out with -Drnn.test.exclude=browser)");
        String given = System.getProperty("rnn.browser.checkpoint", "");
        Path ckpt = given.isEmpty() ? TinyCheckpoints.lstm(dir) : Path.of(given);
        Path shots = Path.of(System.getProperty("rnn.screenshots", "target/screenshots"));
        Path log = dir.resolve("serve.log");
        Process serve = Cli.start(log, "serve", "--checkpoint", ckpt.toString(), "--port", "0");
        try (WebDriver browser = new WebDriver(Files.createDirectory(dir.resolve("profile")), dir.resolve("driver.log"))) {
            int port = ServeCommandTest.awaitPort(log, serve);
            browser.navigate("http://127.0.0.1:" + port + "/");
            browser.await("document.getElementById('model').textContent.startsWith('LSTM')", 30);
            String seed = browser.find("#seed");
            browser.clear(seed);
            browser.type(seed, "ROMEO:");
            for (String[] field : new String[][] {{"#temperature", "0.8"}, {"#len", "300"}, {"#random_seed", "5"}}) {
                String e = browser.find(field[0]);
                browser.clear(e);
                browser.type(e, field[1]);
            }
            browser.click(browser.find("#go"));
            browser.await("document.getElementById('out').dataset.done === 'true'", 60);
            browser.await("document.getElementById('view').dataset.done === 'true'", 60);
            String shown = browser.execute("return document.getElementById('out').textContent;").asText();

            Cli.Result sample = Cli.run("sample", "--checkpoint", ckpt.toString(), "--seed", "ROMEO:", "--len", "300",
                    "--temperature", "0.8", "--random-seed", "5");
            assertEquals(0, sample.code(), sample.err());
            assertEquals(sample.out(), shown + "\n", "the page shows rnn sample's text");
            assertTrue(browser.execute("return document.getElementById('status').textContent;").asText()
                    .contains("done: 300 characters"));

            int spans = browser.findAll("#view span.c").size();
            assertEquals(shown.codePointCount(0, shown.length()) - 1, spans, "a coloured span per scored character");
            browser.execute("const s = document.querySelectorAll('#view span.c')[120];"
                    + " s.dispatchEvent(new MouseEvent('mouseenter'));");
            String tip = browser.execute("return document.getElementById('tip').textContent;").asText();
            assertTrue(tip.contains("bits") && tip.lines().count() == 6, "the hover shows the character and 5 guesses: " + tip);
            browser.screenshot(shots.resolve("serve.png"));

            Path text = Files.writeString(dir.resolve("text.txt"), shown);
            Path page = dir.resolve("score.html");
            Cli.Result score = Cli.run("score", text.toString(), "--checkpoint", ckpt.toString(), "--html", page.toString());
            assertEquals(0, score.code(), score.err());
            browser.navigate(page.toUri().toString());
            browser.await("document.querySelectorAll('#text span.c').length > 0", 30);
            assertEquals(spans, browser.findAll("#text span.c").size());
            String pageText = browser.execute("return document.getElementById('text').textContent;").asText();
            assertEquals(shown, pageText, "the score page shows the text as text");
            browser.execute("const s = document.querySelectorAll('#text span.c')[60];"
                    + " s.dispatchEvent(new MouseEvent('mouseenter'));");
            assertTrue(browser.execute("return document.getElementById('tip').style.display;").asText().equals("block"));
            browser.screenshot(shots.resolve("score.png"));
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }
}
