package dev.rnn.cli;

import dev.rnn.api.CharModel;
import dev.rnn.web.Server;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn serve}: keep a model loaded and sample or score over HTTP, with a web page at /. */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Serve a trained model over HTTP: a web page at /, GET /api/model, POST /api/sample"
                + " (Server-Sent Events, a character at a time) and POST /api/score. Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on; 127.0.0.1 is this machine only.")
    String host;
    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 = any free port (printed).")
    int port;
    @Option(names = "--cors", arity = "0..1", fallbackValue = "true", description = "Allow pages from other origins to call the API.")
    boolean cors;
    @Option(names = "--max-generations", defaultValue = "32", description = "Generations and scorings at once; more get 503 with Retry-After.")
    int maxGenerations;
    @Option(names = "--max-connections", defaultValue = "64", description = "Requests handled at once (as many more wait; beyond, connections are closed).")
    int maxConnections;
    @Option(names = "--max-len", defaultValue = "10000", description = "The largest len a client may ask for.")
    int maxLen;
    @Mixin
    ThreadsOptions threads = new ThreadsOptions(1);

    @Override
    public Integer call() throws Exception {
        int nThreads = threads.count();
        Server.Options defaults = Server.Options.defaults();
        Server.Options options;
        try {
            options = new Server.Options(host, port, cors, maxGenerations, maxConnections, defaults.maxBodyBytes(),
                    maxLen, defaults.maxTextChars(), defaults.requestTimeoutSecs());
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage().replace("port is", "--port is").replace("max ", "--max-"));
        }
        PrintWriter err = spec.commandLine().getErr();
        Path file = checkpoint.resolve(err, "serving");
        CharModel model = CharModel.load(file, nThreads);
        Server server;
        try {
            server = Server.start(model, options, err);
        } catch (BindException e) {
            throw new UserException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port or --host", ExitCodes.FAILURE, e);
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopped.set(true);
            server.close();
            err.println("rnn: server stopped");
            err.flush();
        }, "rnn-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("rnn: serving " + model.describe() + " at http://" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + server.port() + "/ (Ctrl-C stops)");
        err.flush();
        while (!stopped.get()) {
            Thread.sleep(Long.MAX_VALUE); // until the JVM exits on a signal
        }
        return ExitCodes.OK;
    }
}
