package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void acquireCreatesTheDirectoryAndRecordsThePid() throws Exception {
        Path run = dir.resolve("runs").resolve("a");
        RunLock lock = RunLock.acquire(run);
        lock.close();
        lock.close(); // closing twice is harmless

        // read only after closing: opening .lock while it is held would drop the OS lock (see RunLock)
        String note = Files.readString(run.resolve(".lock"));
        assertTrue(note.startsWith("pid " + ProcessHandle.current().pid() + "\nstarted "), note);
        assertEquals(run, lock.dir());
    }

    @Test
    @SuppressWarnings("try") // the first lock is held for the body's duration, not used in it
    void aSecondLockInThisJvmIsRefusedUntilTheFirstCloses() throws Exception {
        try (RunLock first = RunLock.acquire(dir)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> RunLock.acquire(dir));
            RawSafeTensors.assertOneLineNaming(e, dir, "pid " + ProcessHandle.current().pid(),
                    "is using", "choose another --out");
            assertInstanceOf(OverlappingFileLockException.class, e.getCause());
        }
        RunLock.acquire(dir).close();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedByPid() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                RunLockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the holder process did not take the lock");

            CheckpointException e = assertThrows(CheckpointException.class, () -> RunLock.acquire(dir));
            RawSafeTensors.assertOneLineNaming(e, dir, "another rnn process (pid " + holder.pid() + ")",
                    "wait for it to finish or choose another --out");

            holder.getOutputStream().close(); // the holder releases and exits on end of input
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "holder did not exit");
            assertEquals(0, holder.exitValue());
            RunLock.acquire(dir).close();
        } finally {
            holder.destroyForcibly();
        }
    }
}
