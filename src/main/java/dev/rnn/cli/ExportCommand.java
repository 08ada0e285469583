package dev.rnn.cli;

import dev.rnn.backend.Backends;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.export.OnnxModel;
import dev.rnn.export.Outputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn export}: the model as ONNX, and as a static web page that samples in the browser. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a model to run without rnn: --onnx writes an ONNX model (opset 17: ids (N, T) int64,"
                + " h0 [c0] (L, N, H) -> logits (N, T, V), hT [cT]) that ONNX Runtime runs."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--onnx", paramLabel = "OUT.onnx", description = "Write the ONNX model here (replaced if it exists).")
    Path onnx;

    @Override
    public Integer call() throws Exception {
        if (onnx == null) {
            throw UserException.usage("nothing to export: give --onnx OUT.onnx");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path file = checkpoint.resolve(err, "exporting");
        LoadedModel loaded = ModelCheckpoint.load(file, Backends.best(1));
        OnnxModel.checkExportable(loaded);
        if (onnx != null) {
            Outputs.writeFile(onnx, OnnxModel.build(loaded, Main.VERSION).toByteArray());
            err.println("rnn: wrote " + onnx);
        }
        err.flush();
        return ExitCodes.OK;
    }
}
