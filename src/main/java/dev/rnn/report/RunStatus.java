package dev.rnn.report;

import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.train.RunConfig;
import dev.rnn.train.Schedule;
import dev.rnn.checkpoint.SafeTensors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * How a run stands, as far as its directory tells: the lock of a live {@code rnn train}, the
 * markers {@code scripts/sweep.sh} leaves ({@code .done}, {@code .status}), and otherwise the
 * step, epoch and time in {@code last.safetensors} against the run's own limits.
 */
public enum RunStatus {
    /** Reached its limits ({@code rnn train} exited 0). */
    FINISHED("finished"),
    /** An {@code rnn train} holds the directory's lock now. */
    RUNNING("running"),
    /** Stopped before its limits with a checkpoint to resume from (Ctrl-C, a signal, a crash). */
    INTERRUPTED("interrupted"),
    /** Exited with an error, or stopped before it wrote a checkpoint. */
    FAILED("failed"),
    /** Not running, and its checkpoint does not say which limits it had. */
    STOPPED("stopped"),
    /** Nothing logged and nothing recorded: not (yet) a run. */
    NO_METRICS("no-metrics");

    /** Written by sweep.sh when {@code rnn train} exits 0. */
    public static final String DONE_MARKER = ".done";
    /** Written by sweep.sh: the exit status of the run's last attempt. */
    public static final String STATUS_MARKER = ".status";
    /** The lock file of {@code dev.rnn.checkpoint.RunLock}. */
    static final String LOCK_FILE = ".lock";
    static final String LAST = "last.safetensors";


    private final String label;

    RunStatus(String label) {
        this.label = label;
    }

    /** The word shown in tables: finished, running, interrupted, failed, stopped or no-metrics. */
    public String label() {
        return label;
    }

    /** The status of the run in {@code dir}; {@code hasRows} says whether its metrics.csv has a row. */
    public static RunStatus of(Path dir, boolean hasRows) throws MetricsException {
        if (locked(dir)) {
            return RUNNING;
        }
        if (Files.exists(dir.resolve(DONE_MARKER))) {
            return FINISHED;
        }
        Path statusFile = dir.resolve(STATUS_MARKER);
        if (Files.exists(statusFile)) {
            String code = read(statusFile).strip();
            if (!code.matches("[0-9]{1,3}")) {
                throw new MetricsException(statusFile + " holds '" + code + "', not an exit status; delete it"
                        + " (scripts/sweep.sh writes it)");
            }
            int status = Integer.parseInt(code);
            return status == 0 ? FINISHED : status > 128 ? INTERRUPTED : FAILED;
        }
        Path last = dir.resolve(LAST);
        if (Files.exists(last)) {
            return fromCheckpoint(last);
        }
        return hasRows ? FAILED : NO_METRICS;
    }

    /** Finished if the checkpoint's step, epoch or training time has reached the run's limit ({@link Schedule#limitReached}), else interrupted. */
    private static RunStatus fromCheckpoint(Path last) {
        Map<String, String> meta;
        try {
            meta = SafeTensors.read(last).metadata();
        } catch (CheckpointException e) {
            return FAILED; // a resume would fail on it too
        }
        try {
            if (!meta.containsKey("train.step") || !meta.containsKey("train.epoch")) {
                return STOPPED;
            }
            Schedule schedule = RunConfig.read(meta, ModelCheckpoint.formatVersion(meta, last), "checkpoint " + last).schedule();
            long step = Long.parseLong(meta.get("train.step"));
            long epoch = Long.parseLong(meta.get("train.epoch"));
            double elapsed = Double.parseDouble(meta.getOrDefault("train.elapsed_seconds", "0"));
            return schedule.limitReached(step, elapsed, epoch) != null ? FINISHED : INTERRUPTED;
        } catch (CheckpointException | NumberFormatException e) {
            return STOPPED;
        }
    }

    /**
     * True if another process holds the run's lock: probed with a shared lock, which a live
     * {@code rnn train}'s exclusive lock refuses. Never call it in a process that holds the lock
     * (closing the probe would release that lock; see RunLock).
     */
    private static boolean locked(Path dir) throws MetricsException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ)) {
            try (FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true)) {
                return probe == null;
            } catch (OverlappingFileLockException e) {
                return true;
            }
        } catch (IOException e) {
            throw new MetricsException("cannot read " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws MetricsException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MetricsException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
