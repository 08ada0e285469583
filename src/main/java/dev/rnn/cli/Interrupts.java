package dev.rnn.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM (what schedulers such as Slurm send at a time limit) during
 * training: the first one asks the loop to stop after the current step and write a checkpoint;
 * a second one exits at once (checkpoints are written to a temporary file and renamed, so even
 * then none is torn).
 */
final class Interrupts {
    private final AtomicBoolean stop;
    private volatile int exitCode = ExitCodes.INTERRUPTED;

    private Interrupts(AtomicBoolean stop) {
        this.stop = stop;
    }

    /** Installs the handlers; {@code stop} becomes true when a signal arrives. */
    static Interrupts install(AtomicBoolean stop) {
        Interrupts i = new Interrupts(stop);
        i.handle("INT", ExitCodes.INTERRUPTED);
        i.handle("TERM", ExitCodes.TERMINATED);
        return i;
    }

    /** 130 after SIGINT, 143 after SIGTERM. */
    int exitCode() {
        return exitCode;
    }

    private void handle(String name, int code) {
        try {
            Signal.handle(new Signal(name), sig -> {
                if (stop.getAndSet(true)) {
                    Runtime.getRuntime().halt(code);
                }
                exitCode = code;
                System.err.println();
                System.err.println("SIG" + name + ": stopping after this step and saving a checkpoint (again to quit at once)...");
            });
        } catch (IllegalArgumentException e) {
            // the platform lacks this signal, or the JVM reserves it (-Xrs): the default action
            // then ends the JVM, and the last checkpoint on disk is still intact
        }
    }
}
