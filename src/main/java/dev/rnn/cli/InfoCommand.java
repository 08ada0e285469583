package dev.rnn.cli;

import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.model.ModelConfig;
import dev.rnn.train.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn info}: what a checkpoint holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a checkpoint's architecture, parameter count, vocabulary, training step, best validation loss and run configuration.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A .safetensors checkpoint.")
    Path file;

    @Override
    public Integer call() throws Exception {
        LoadedModel loaded = ModelCheckpoint.load(file, dev.rnn.backend.Backends.best(1));
        ModelConfig c = loaded.model().config();
        Map<String, String> m = loaded.metadata();
        PrintWriter out = spec.commandLine().getOut();
        out.println("checkpoint      " + file);
        out.println("architecture    " + c.describe() + " (one-hot " + c.vocabSize() + " -> " + c.describe() + " -> linear " + c.vocabSize() + ")");
        out.println("parameters      " + c.parameterCount());
        dev.rnn.data.Vocabulary v = loaded.vocab();
        out.println("vocabulary      " + c.vocabSize() + (v.units() == dev.rnn.data.Units.BYTES ? " byte values (UTF-8)" : " characters")
                + (v.unknownId() < 0 ? "" : " (id " + v.unknownId()
                + " is U+FFFD, the unknown entry, for " + v.unknownCodePoints().length + " other characters seen in training)"));
        out.println("training step   " + m.getOrDefault("train.step", "(not a training checkpoint)"));
        if (m.containsKey("train.epoch")) {
            out.println("epoch           " + (Integer.parseInt(m.get("train.epoch")) + 1) + ", chunk " + m.get("train.chunk"));
        }
        String best = m.get("train.best_val_loss");
        if (best != null && !best.equals("NaN")) {
            double nats = Double.parseDouble(best);
            out.println(String.format(java.util.Locale.ROOT, "best validation %.4f nats/char = %.4f bits/char at step %s",
                    nats, nats / Math.log(2), m.get("train.best_val_step")));
        }
        if (m.containsKey("train.elapsed_seconds")) {
            out.println(String.format(java.util.Locale.ROOT, "training time   %.1f s", Double.parseDouble(m.get("train.elapsed_seconds"))));
        }
        if (m.containsKey("optimizer")) {
            out.println("optimizer       " + m.get("optimizer") + ", " + m.get("optimizer_steps") + " updates");
        }
        String config = m.containsKey(RunConfig.KEY) ? m.get(RunConfig.KEY) : m.get(RunConfig.V1_KEY);
        if (config != null) {
            out.println("configuration   " + config);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
