package dev.rnn.cli;

import dev.rnn.backend.Backends;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.export.OnnxModel;
import dev.rnn.export.Outputs;
import dev.rnn.export.WebPage;
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
                + " h0 [c0] (L, N, H) -> logits (N, T, V), hT [cT]) that ONNX Runtime runs; --web writes a static"
                + " page that samples from it in the browser with onnxruntime-web."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--onnx", paramLabel = "OUT.onnx", description = "Write the ONNX model here (replaced if it exists).")
    Path onnx;
    @Option(names = "--web", paramLabel = "DIR", description = "Write the web page into this new directory.")
    Path web;
    @Option(names = "--onnxruntime-web", paramLabel = "DIR",
            description = "onnxruntime-web " + WebPage.ORT_WEB_VERSION + "'s files, as scripts/fetch-onnxruntime-web.sh"
                    + " leaves them (default: $RNN_ORT_WEB, else ~/.cache/rnn/onnxruntime-web-" + WebPage.ORT_WEB_VERSION + ").")
    Path ortWeb;

    @Override
    public Integer call() throws Exception {
        if (onnx == null && web == null) {
            throw UserException.usage("nothing to export: give --onnx OUT.onnx, --web DIR or both");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path file = checkpoint.resolve(err, "exporting");
        LoadedModel loaded = ModelCheckpoint.load(file, Backends.best(1));
        OnnxModel.checkExportable(loaded);
        Path ortDir = ortWeb != null ? ortWeb : WebPage.defaultOrtDir();
        if (web != null) {
            WebPage.checkOutputs(web, ortDir); // before --onnx writes anything
        }
        if (onnx != null) {
            Outputs.writeFile(onnx, OnnxModel.build(loaded, Main.VERSION).toByteArray());
            err.println("rnn: wrote " + onnx);
        }
        if (web != null) {
            WebPage.write(loaded, web, ortDir, Main.VERSION);
            err.println("rnn: wrote " + web + "; serve it with any static file server, e.g. python3 -m http.server -d " + web);
        }
        err.flush();
        return ExitCodes.OK;
    }
}
