package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.testutil.TinyCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn score}: TSV, JSON and the HTML page; its log-probabilities sum to rnn eval's total. */
class ScoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "Hello, world!\nTo be, or not to be: that is the question.\n\tWhether 'tis nobler\n"
            .repeat(5);

    @Test
    void logProbsSumToEvalsTotalInTsvAndJson(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        Path text = Files.writeString(dir.resolve("t.txt"), TEXT);
        Cli.Result eval = Cli.run("eval", text.toString(), "--checkpoint", c, "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode e = JSON.readTree(eval.out());
        double evalTotal = -e.get("nats_per_char").asDouble() * e.get("chars").asLong();

        Cli.Result tsv = Cli.run("score", text.toString(), "--checkpoint", c);
        assertEquals(0, tsv.code(), tsv.err());
        List<String> lines = tsv.out().lines().toList();
        assertEquals("position\tchar\tlog_prob\tsurprisal_bits\ttop1\ttop1_prob\ttop2\ttop2_prob\ttop3\ttop3_prob"
                + "\ttop4\ttop4_prob\ttop5\ttop5_prob", lines.get(0));
        assertEquals(TEXT.length() - 1, lines.size() - 1);
        double sum = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            assertEquals(14, f.length, lines.get(i));
            assertEquals(String.valueOf(i), f[0]);
            assertEquals(ScoreCommand.escape(String.valueOf(TEXT.charAt(i))), f[1]);
            double lp = Double.parseDouble(f[2]);
            assertEquals(-lp / Math.log(2), Double.parseDouble(f[3]), 1e-5);
            sum += lp;
        }
        assertEquals(evalTotal, sum, 1e-4 * Math.abs(evalTotal)); // TSV rounds to 6 places
        assertTrue(lines.get(13).startsWith("13\t\\n\t"), lines.get(13)); // a newline is written \n

        Cli.Result json = Cli.run("score", text.toString(), "--checkpoint", c, "--json", "--top", "3");
        assertEquals(0, json.code(), json.err());
        JsonNode j = JSON.readTree(json.out());
        assertEquals(TEXT.length() - 1, j.get("chars").size());
        assertEquals(TEXT.length() - 1, j.get("scored").asLong());
        assertEquals(evalTotal, j.get("total_log_prob").asDouble(), 1e-6 * Math.abs(evalTotal));
        assertEquals(e.get("bits_per_char").asDouble(), j.get("bits_per_char").asDouble(), 1e-6);
        JsonNode row = j.get("chars").get(12);
        assertEquals("\n", row.get("char").asText());
        assertEquals(3, row.get("top").size());
    }

    @Test
    void theHtmlPageCarriesTheTextAsTextNeverAsMarkup(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        String hostile = "a</script><b>bold</b>\n<!-- x & y";
        Path text = Files.writeString(dir.resolve("t.txt"), hostile);
        Path page = dir.resolve("page.html");
        Cli.Result r = Cli.run("score", text.toString(), "--checkpoint", c, "--html", page.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(page);
        assertFalse(html.contains("</script><b>"), "the text closed the script element");
        assertFalse(html.contains("<b>"), "the text became markup");
        assertFalse(html.contains("<!-- x"), "the text opened a comment");
        assertEquals(2, html.split("</script>", -1).length - 1, "the page's own two script elements only");
        String tag = "<script type=\"application/json\" id=\"data\">";
        int start = html.indexOf(tag) + tag.length();
        JsonNode data = JSON.readTree(html.substring(start, html.indexOf("</script>", start)));
        StringBuilder back = new StringBuilder(data.get("first").asText());
        for (JsonNode row : data.get("rows")) {
            back.append(row.get(0).asText());
            assertEquals(5, row.get(2).size());
        }
        assertEquals(hostile, back.toString());
        assertTrue(html.contains("textContent"));
        assertFalse(html.contains("innerHTML"));

        Path neuronPage = dir.resolve("neuron.html");
        Cli.Result n = Cli.run("score", text.toString(), "--checkpoint", c, "--html", neuronPage.toString(), "--neuron", "1:3");
        assertEquals(0, n.code(), n.err());
        JsonNode nd = JSON.readTree(Files.readString(neuronPage).split("id=\"data\">")[1].split("</script>")[0]);
        assertEquals("1:3", nd.get("neuron").asText());
        for (JsonNode row : nd.get("rows")) {
            double a = row.get(3).asDouble();
            assertTrue(a > -1 && a < 1 && a != 0, "activation " + a);
        }
    }

    @Test
    void mistakesAreOneLine(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        Path text = Files.writeString(dir.resolve("t.txt"), "Hello");
        Path one = Files.writeString(dir.resolve("one.txt"), "H");
        Path unknown = Files.writeString(dir.resolve("u.txt"), "caf\u00e9");
        String page = dir.resolve("p.html").toString();
        BadInputTest.assertError(Cli.run("score", text.toString(), "--checkpoint", c, "--neuron", "1:3"), 2, "--html");
        BadInputTest.assertError(Cli.run("score", text.toString(), "--checkpoint", c, "--html", page, "--neuron", "x"), 2,
                "LAYER:UNIT");
        BadInputTest.assertError(Cli.run("score", text.toString(), "--checkpoint", c, "--html", page, "--neuron", "2:0"), 2,
                "layers 0..1");
        BadInputTest.assertError(Cli.run("score", text.toString(), "--checkpoint", c, "--html", page, "--neuron", "0:16"), 2,
                "units 0..15");
        BadInputTest.assertError(Cli.run("score", text.toString(), "--checkpoint", c, "--html", page, "--json"), 2,
                "choose one");
        BadInputTest.assertError(Cli.run("score", text.toString(), "--checkpoint", c, "--top", "-1"), 2, "--top");
        BadInputTest.assertError(Cli.run("score", one.toString(), "--checkpoint", c), 1, "at least 2");
        BadInputTest.assertError(Cli.run("score", unknown.toString(), "--checkpoint", c), 1, "U+00E9");
    }
}
