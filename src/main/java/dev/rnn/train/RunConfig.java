package dev.rnn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn.checkpoint.CheckpointException;
import java.util.Map;

/**
 * A training run's configuration, by lifetime: the model, the data and the optimizer are fixed
 * for the run; the schedule may change on resume. Saved in every training checkpoint as one JSON
 * object under {@link #KEY} and read back by {@link #read}, which also reads older formats.
 */
public record RunConfig(ModelSpec model, DataSpec data, OptimSpec optim, Schedule schedule) {
    /** The checkpoint metadata key holding {@code {"model": {...}, "data": {...}, "optim": {...}, "schedule": {...}}}. */
    public static final String KEY = "train.config";
    /** Where format version 1 kept the options: one flat object of TrainOptions' 26 fields. */
    public static final String V1_KEY = "train.options";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunConfig {
        Specs.require(model != null && data != null && optim != null && schedule != null,
                "a run needs a model, data, optimizer and schedule");
    }

    /** This run with another schedule (the only part a resume may change). */
    public RunConfig with(Schedule newSchedule) {
        return new RunConfig(model, data, optim, newSchedule);
    }

    /** The JSON saved under {@link #KEY}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the run's configuration as JSON", e);
        }
    }

    /**
     * The configuration saved in a checkpoint of format {@code version}: older versions are first
     * brought up to the current one, each by its own step, options they lacked taking the values
     * they had then.
     */
    public static RunConfig read(Map<String, String> meta, int version, String where) throws CheckpointException {
        JsonNode node = version == 1 ? fromVersion1(object(meta, V1_KEY, where)) : object(meta, KEY, where);
        if (version < 3) {
            node = fromVersion2((ObjectNode) node);
        }
        try {
            return JSON.treeToValue(node, RunConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CheckpointException(where + ": its run configuration cannot be read ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    /** Version 1 kept every option in one flat object (with the run directory, now where the file is). */
    static ObjectNode fromVersion1(ObjectNode flat) {
        ObjectNode c = JSON.createObjectNode();
        c.set("model", pick(flat, "cell", "activation", "identityInit", "hidden", "layers", "dropout"));
        c.set("data", pick(flat, "corpus", "valFrac", "batch", "seqLen"));
        c.set("optim", pick(flat, "optimizer", "momentum", "randomSeed"));
        c.set("schedule", pick(flat, "lr", "lrDecay", "lrDecayAfter", "clip", "clipValue", "epochs", "maxSteps",
                "maxTimeSeconds", "evalEvery", "checkpointEvery", "sampleLen", "threads"));
        return c;
    }

    /**
     * Version 3 added layer norm, locked dropout, weight drop and the cosine schedule (issue 12)
     * and the corpus options (issue 11). A version-2 run had none of them: char-rnn's step decay,
     * the whole validation split scored, every character of the corpus in the vocabulary, code points.
     */
    static ObjectNode fromVersion2(ObjectNode c) {
        if (c.get("optim") instanceof ObjectNode optim) {
            if (!optim.has("lrSchedule")) {
                optim.put("lrSchedule", LrSchedule.STEP.name());
            }
            if (!optim.has("lrWarmup")) {
                optim.put("lrWarmup", 0);
            }
            if (!optim.has("minLr")) {
                optim.put("minLr", 0f);
            }
        }
        if (c.get("model") instanceof ObjectNode model) {
            if (!model.has("layerNorm")) {
                model.put("layerNorm", false);
            }
            if (!model.has("lockedDropout")) {
                model.put("lockedDropout", false);
            }
            if (!model.has("weightDrop")) {
                model.put("weightDrop", 0f);
            }
        }
        if (c.get("data") instanceof ObjectNode data) {
            data.put("valChars", 0L);
            data.put("maxVocab", 0);
            data.put("minCount", 0);
            data.put("units", "CODEPOINTS");
            if (data.get("corpus") != null && data.get("corpus").isTextual()) {
                String file = data.get("corpus").asText();
                data.putArray("corpus").add(file); // one file, now a list of files and directories
            }
            data.putArray("include");
            data.putArray("exclude");
            data.put("skipBadFiles", false);
        }
        return c;
    }

    private static ObjectNode pick(ObjectNode from, String... fields) {
        ObjectNode o = JSON.createObjectNode();
        for (String f : fields) {
            if (from.has(f)) {
                o.set(f, from.get(f));
            }
        }
        return o;
    }

    private static ObjectNode object(Map<String, String> meta, String key, String where) throws CheckpointException {
        String json = meta.get(key);
        if (json == null) {
            throw new CheckpointException(where + " holds a model but no training state (no " + key + ");"
                    + " it can be sampled and evaluated but not resumed");
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode o)) {
                throw new CheckpointException(where + ": its " + key + " is not a JSON object");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new CheckpointException(where + ": its " + key + " is not valid JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
    }
}
