package dev.rnn.web;

import dev.rnn.api.Alternative;
import dev.rnn.api.CharScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page of a scored text, as in Karpathy's "Unreasonable Effectiveness"
 * post: each character coloured by how surprised the model was (or by one neuron's activation),
 * its top guesses on hover. The text goes in as JSON data and onto the page as text nodes only.
 */
public final class ScorePage {
    /** Layer l's unit j (both from 0), whose activation colours the text. */
    public record Neuron(int layer, int unit) {
        @Override
        public String toString() {
            return layer + ":" + unit;
        }
    }

    private ScorePage() {
    }

    /** The page's data: the first character, then a row per scored character. */
    static Map<String, Object> data(String title, String first, List<CharScore> rows, Neuron neuron) {
        List<Object> out = new ArrayList<>(rows.size());
        double total = 0;
        for (CharScore r : rows) {
            List<Object> top = new ArrayList<>();
            for (Alternative a : r.top()) {
                top.add(List.of(a.text(), a.probability()));
            }
            List<Object> row = new ArrayList<>(List.of(r.text(), r.logProb(), top));
            if (neuron != null) {
                row.add(r.hidden()[neuron.layer()][neuron.unit()]);
            }
            out.add(row);
            total += r.logProb();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", title);
        double bpc = rows.isEmpty() ? 0 : -total / rows.size() / Math.log(2);
        d.put("legend", neuron == null
                ? String.format(Locale.ROOT, "%d characters, %.3f bits/char. Colour: surprisal (white 0 bits, red 10+ bits)."
                        + " Hover a character for the model's top guesses.", rows.size() + 1, bpc)
                : String.format(Locale.ROOT, "%d characters. Colour: activation of neuron %s (layer:unit; red +1, blue -1)."
                        + " Hover a character for the model's top guesses.", rows.size() + 1, neuron));
        d.put("first", first);
        d.put("neuron", neuron == null ? null : neuron.toString());
        d.put("rows", out);
        return d;
    }

    /**
     * The page for {@code rows} of a text starting with {@code first}.
     *
     * @param neuron the unit whose activation colours the text (rows must carry hidden states), or null for surprisal
     */
    public static String html(String title, String first, List<CharScore> rows, Neuron neuron) {
        return Pages.fill(Pages.resource("score.html"),
                "SCRIPT", Pages.resource("surprisal.js"),
                "DATA", Pages.scriptJson(data(title, first, rows, neuron)));
    }
}
