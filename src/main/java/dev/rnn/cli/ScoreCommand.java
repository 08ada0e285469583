package dev.rnn.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.api.Alternative;
import dev.rnn.api.CharModel;
import dev.rnn.api.CharScore;
import dev.rnn.api.UnknownTextException;
import dev.rnn.web.ScorePage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn score}: each character's log-probability, surprisal and the model's top guesses, as TSV, JSON or a page. */
@Command(name = "score", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Score a text character by character with a trained model, as one stream from a zero state:"
                + " a row per character after the first (position, character, log-probability in nats, surprisal in"
                + " bits, the top guesses with their probabilities) as TSV, --json, or an --html page.",
                "The log-probabilities sum to minus rnn eval's total on the same text."})
final class ScoreCommand implements Callable<Integer> {
    /** The largest text scored to TSV or JSON. */
    static final long MAX_TEXT_BYTES = 16L << 20;
    /** The largest text put on an HTML page (a browser holds a span per character). */
    static final long MAX_HTML_BYTES = 1L << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXTFILE", description = "The text to score (UTF-8).")
    Path text;
    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--top", defaultValue = "5", description = "Top guesses listed per character.")
    int top;
    @Option(names = "--json", arity = "0..1", fallbackValue = "true", description = "One JSON object: totals and a row per character.")
    boolean json;
    @Option(names = "--html", paramLabel = "OUT.html", description = "Write one self-contained page: the text coloured by surprisal, the top guesses on hover.")
    Path html;
    @Option(names = "--neuron", paramLabel = "L:J", description = "With --html: colour by the activation of unit J of layer L (both from 0) instead.")
    String neuron;
    @Mixin
    ThreadsOptions threads = new ThreadsOptions(1);

    @Override
    public Integer call() throws Exception {
        if (top < 0 || top > 1000) {
            throw UserException.usage("--top is " + top + "; it must be in 0..1000");
        }
        if (json && html != null) {
            throw UserException.usage("--json and --html are two outputs; choose one");
        }
        if (neuron != null && html == null) {
            throw UserException.usage("--neuron colours the --html page; give --html OUT.html too");
        }
        ScorePage.Neuron unit = neuron == null ? null : parseNeuron(neuron);
        int nThreads = threads.count();
        String content = TextFiles.read(text, html != null ? MAX_HTML_BYTES : MAX_TEXT_BYTES, "text file");
        int chars = content.codePointCount(0, content.length());
        if (chars < 2) {
            throw new UserException(text + " has " + chars + " character(s); scoring needs at least 2",
                    ExitCodes.FAILURE, null);
        }
        Path file = checkpoint.resolve(spec.commandLine().getErr(), "scoring with");
        CharModel model = CharModel.load(file, nThreads);
        if (unit != null && (unit.layer() >= model.layers() || unit.unit() >= model.hidden())) {
            throw UserException.usage("--neuron " + neuron + " is outside the model: layers 0.." + (model.layers() - 1)
                    + ", units 0.." + (model.hidden() - 1));
        }
        try {
            if (html != null) {
                List<CharScore> rows = model.score(content, top, unit != null);
                String first = new String(Character.toChars(content.codePointAt(0)));
                Files.writeString(html, ScorePage.html("rnn score: " + text.getFileName(), first, rows, unit),
                        StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("rnn: wrote " + html);
            } else if (json) {
                writeJson(model, content);
            } else {
                writeTsv(model, content);
            }
        } catch (UnknownTextException e) {
            throw new UserException(text + " has characters the model does not know: " + e.getCause().getMessage()
                    + "; score a text in the model's vocabulary", ExitCodes.FAILURE, null);
        }
        return ExitCodes.OK;
    }

    private static ScorePage.Neuron parseNeuron(String s) {
        String[] parts = s.split(":", -1);
        try {
            if (parts.length == 2) {
                int l = Integer.parseInt(parts[0].strip());
                int j = Integer.parseInt(parts[1].strip());
                if (l >= 0 && j >= 0) {
                    return new ScorePage.Neuron(l, j);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw UserException.usage("--neuron is '" + s + "'; expected LAYER:UNIT, two whole numbers from 0, e.g. 1:42");
    }

    private void writeTsv(CharModel model, String content) {
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder header = new StringBuilder("position\tchar\tlog_prob\tsurprisal_bits");
        for (int i = 1; i <= top; i++) {
            header.append("\ttop").append(i).append("\ttop").append(i).append("_prob");
        }
        out.println(header);
        StringBuilder line = new StringBuilder();
        model.score(content, top, false, r -> {
            line.setLength(0);
            line.append(r.position()).append('\t').append(escape(r.text())).append('\t')
                    .append(String.format(Locale.ROOT, "%.6f\t%.6f", r.logProb(), r.surprisalBits()));
            for (Alternative a : r.top()) {
                line.append('\t').append(escape(a.text())).append('\t')
                        .append(String.format(Locale.ROOT, "%.6f", a.probability()));
            }
            out.println(line);
        });
        out.flush();
    }

    private void writeJson(CharModel model, String content) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        double[] total = {0};
        long[] count = {0};
        try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) { // stdout stays open
            g.writeStartObject();
            g.writeArrayFieldStart("chars");
            model.score(content, top, false, r -> {
                try {
                    g.writeStartObject();
                    g.writeNumberField("position", r.position());
                    g.writeStringField("char", r.text());
                    g.writeNumberField("log_prob", r.logProb());
                    g.writeNumberField("surprisal_bits", r.surprisalBits());
                    g.writeArrayFieldStart("top");
                    for (Alternative a : r.top()) {
                        g.writeStartObject();
                        g.writeStringField("char", a.text());
                        g.writeNumberField("prob", a.probability());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                total[0] += r.logProb();
                count[0]++;
            });
            g.writeEndArray();
            g.writeNumberField("scored", count[0]);
            g.writeNumberField("total_log_prob", total[0]);
            g.writeNumberField("bits_per_char", -total[0] / count[0] / Math.log(2));
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    /** A character as one TSV field: tab, newline, carriage return and backslash as C escapes. */
    static String escape(String c) {
        return switch (c) {
            case "\t" -> "\\t";
            case "\n" -> "\\n";
            case "\r" -> "\\r";
            case "\\" -> "\\\\";
            default -> c;
        };
    }
}
