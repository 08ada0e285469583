package dev.rnn.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C during training: the first SIGINT asks the loop to stop after the current step and
 * write a checkpoint; a second one exits at once (checkpoints are written to a temporary file
 * and renamed, so even then none is torn).
 */
final class Interrupts {
    private Interrupts() {
    }

    static void onInterrupt(AtomicBoolean stop) {
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (stop.getAndSet(true)) {
                    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                }
                System.err.println();
                System.err.println("Stopping after this step and saving a checkpoint (Ctrl-C again to quit at once)...");
            });
        } catch (IllegalArgumentException e) {
            // no SIGINT on this platform (or the JVM reserves it with -Xrs): Ctrl-C then ends the JVM,
            // and the last checkpoint on disk is still intact
        }
    }
}
