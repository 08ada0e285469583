package dev.rnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn.api.CharModel;
import dev.rnn.api.Generation;
import dev.rnn.api.Sampled;
import dev.rnn.api.SamplingConfig;
import dev.rnn.api.UnknownTextException;
import dev.rnn.sample.BeamSearch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code rnn sample}: warm up on a seed, then generate text one character at a time to stdout. */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Generate text from a trained model: prints the seed, then --len sampled characters,"
                + " each fed back as the next input, streamed as they are produced."})
final class SampleCommand implements Callable<Integer> {
    /** The largest --seed-file read. */
    static final long MAX_SEED_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--map-unknown", arity = "0..1", fallbackValue = "true", description = "Map characters of the"
            + " seed that the model does not know to its unknown id (a model trained with --max-vocab or --min-count).")
    boolean mapUnknown;
    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--seed", description = "Text to warm the model up on; it is printed first (default: a newline).")
    String seed;
    @Option(names = "--seed-file", paramLabel = "FILE", description = "Read the seed from a UTF-8 file (at most 1 MiB) instead.")
    Path seedFile;
    @Option(names = "--len", defaultValue = "500", description = "Characters to sample (at most; see --stop).")
    int len;
    @Option(names = "--temperature", defaultValue = "1.0", description = "Softmax temperature; lower is more conservative, 0 = always the most likely character.")
    float temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "Sample only among the k most likely characters; 0 = all.")
    int topK;
    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling: only among the most likely characters whose probabilities reach P; 1 = all.")
    double topP;
    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop once the sampled text contains TEXT (it is printed).")
    String stop;
    @Option(names = "--num-samples", defaultValue = "1", description = "Independent samples, run as one batch; sample i uses --random-seed + i.")
    int numSamples;
    @Option(names = "--beam", defaultValue = "0", description = "Deterministic beam search of this width instead of sampling; 0 = sample.")
    int beam;
    @Option(names = "--json", arity = "0..1", fallbackValue = "true", description = "One JSON line per sample: seed, text and each sampled character's log-probability.")
    boolean json;
    @Option(names = "--random-seed", description = "Seed of the sampler: the same seed gives the same text (default: random, printed on stderr).")
    Long randomSeed;
    @Mixin
    ThreadsOptions threads = new ThreadsOptions(1);

    @Override
    public Integer call() throws Exception {
        checkOptions();
        int nThreads = threads.count();
        String seedText = seedFile != null ? TextFiles.read(seedFile, MAX_SEED_BYTES, "--seed-file") : seed != null ? seed : "\n";
        if (seedText.isEmpty()) {
            throw UserException.usage((seedFile != null ? "--seed-file " + seedFile : "--seed") + " is empty; give at least one character");
        }
        Path file = checkpoint.resolve(spec.commandLine().getErr(), "sampling from");
        CharModel model = CharModel.load(file, nThreads);
        String modelSeed = mapUnknown ? model.mapUnknown(seedText) : seedText;
        try {
            if (beam > 0) {
                beam(model, seedText, modelSeed);
            } else {
                sample(model, seedText, modelSeed);
            }
        } catch (UnknownTextException e) {
            throw UserException.usage("--seed has characters the model does not know: " + e.getCause().getMessage()
                    + "; use only characters of the training text"
                    + (model.hasUnknown() ? ", or --map-unknown to read them as its unknown id" : ""));
        }
        return ExitCodes.OK;
    }

    /** Every value and combination that makes no sense, refused before the model is read. */
    private void checkOptions() {
        if (len < 0) {
            throw UserException.usage("--len is " + len + "; it must be >= 0");
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw UserException.usage("--temperature is " + temperature + "; it must be >= 0 (0 = argmax)");
        }
        if (topK < 0) {
            throw UserException.usage("--top-k is " + topK + "; it must be >= 0 (0 = no limit)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw UserException.usage("--top-p is " + topP + "; it must be in (0, 1] (1 = no cut)");
        }
        if (numSamples < 1 || numSamples > CharModel.MAX_STREAMS) {
            throw UserException.usage("--num-samples is " + numSamples + "; it must be in 1.." + CharModel.MAX_STREAMS);
        }
        if (beam < 0 || beam > BeamSearch.MAX_BEAMS) {
            throw UserException.usage("--beam is " + beam + "; it must be in 1.." + BeamSearch.MAX_BEAMS + " (0 = sample)");
        }
        if (beam > 0 && (long) len * beam > BeamSearch.MAX_CELLS) {
            throw UserException.usage("--len " + len + " x --beam " + beam + " is more than " + BeamSearch.MAX_CELLS
                    + " (the search keeps a back-pointer per character and beam); use a shorter --len or a narrower --beam");
        }
        if (stop != null && stop.isEmpty()) {
            throw UserException.usage("--stop is empty; give the text to stop after");
        }
        ParseResult pr = spec.commandLine().getParseResult();
        if (seed != null && seedFile != null) {
            throw UserException.usage("--seed and --seed-file both give the seed; use one");
        }
        if (beam > 0) {
            for (String o : List.of("--temperature", "--top-k", "--top-p", "--random-seed", "--num-samples")) {
                if (pr.hasMatchedOption(o)) {
                    throw UserException.usage("--beam searches deterministically for the likeliest text; it takes no "
                            + o + " (drop one of them)");
                }
            }
        }
        if (temperature == 0f) {
            for (String o : List.of("--top-k", "--top-p")) {
                if (pr.hasMatchedOption(o)) {
                    throw UserException.usage("--temperature 0 always takes the most likely character; " + o
                            + " has no effect with it (drop one of them)");
                }
            }
            if (numSamples > 1) {
                throw UserException.usage("--temperature 0 gives the same text every time; --num-samples "
                        + numSamples + " would repeat it (drop one of them)");
            }
        }
    }

    /** @param modelSeed the seed as the model reads it (unknown characters mapped when asked); seedText is printed */
    private void sample(CharModel model, String seedText, String modelSeed) {
        long rs = randomSeed != null ? randomSeed : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        if (randomSeed == null && temperature > 0) {
            spec.commandLine().getErr().println("rnn: --random-seed " + rs);
        }
        SamplingConfig config = new SamplingConfig(temperature, topK, topP, rs);
        Generation g = model.generate(modelSeed, config, numSamples);
        PrintWriter out = spec.commandLine().getOut();
        boolean streaming = numSamples == 1 && !json;
        if (streaming) {
            out.print(seedText);
            out.flush();
        }
        List<StringBuilder> texts = new ArrayList<>();
        List<List<Double>> logProbs = new ArrayList<>();
        boolean[] done = new boolean[numSamples];
        for (int i = 0; i < numSamples; i++) {
            texts.add(new StringBuilder());
            logProbs.add(new ArrayList<>());
        }
        int running = numSamples;
        for (int step = 0; step < len && running > 0; step++) {
            Sampled[] next = g.nextAll();
            for (int i = 0; i < numSamples; i++) {
                if (done[i]) {
                    continue;
                }
                texts.get(i).append(next[i].text());
                logProbs.get(i).add(next[i].logProb());
                if (streaming) {
                    out.print(next[i].text());
                    out.flush();
                }
                if (stop != null && endsWith(texts.get(i), stop)) {
                    done[i] = true;
                    running--;
                }
            }
        }
        if (streaming) {
            out.println();
        }
        for (int i = 0; i < numSamples && !streaming; i++) {
            if (json) {
                ObjectNode o = line(seedText, texts.get(i), logProbs.get(i));
                o.put("random_seed", rs + i);
                out.println(o.toString());
            } else {
                out.print(seedText);
                out.println(texts.get(i));
                if (i + 1 < numSamples) {
                    out.println();
                }
            }
        }
        out.flush();
    }

    private void beam(CharModel model, String seedText, String modelSeed) {
        List<Sampled> best = model.beamSearch(modelSeed, beam, len);
        StringBuilder text = new StringBuilder();
        List<Double> lps = new ArrayList<>();
        for (Sampled s : best) {
            text.append(s.text());
            lps.add(s.logProb());
            if (stop != null && endsWith(text, stop)) {
                break;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = line(seedText, text, lps);
            o.put("beam", beam);
            out.println(o.toString());
        } else {
            out.print(seedText);
            out.println(text);
        }
        out.flush();
    }

    private static ObjectNode line(String seedText, CharSequence text, List<Double> lps) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seed", seedText);
        o.put("text", text.toString());
        ArrayNode a = o.putArray("log_probs");
        double total = 0;
        for (double lp : lps) {
            a.add(lp);
            total += lp;
        }
        o.put("total_log_prob", total);
        return o;
    }

    private static boolean endsWith(StringBuilder sb, String suffix) {
        int n = sb.length();
        int k = suffix.length();
        return n >= k && sb.substring(n - k).equals(suffix);
    }
}
