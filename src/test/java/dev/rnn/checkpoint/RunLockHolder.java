package dev.rnn.checkpoint;

import java.nio.file.Path;

/** A separate process for RunLockTest: holds the lock on args[0] until its standard input ends. */
public final class RunLockHolder {
    private RunLockHolder() {
    }

    @SuppressWarnings("try") // the lock is held for the body's duration, not used in it
    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
