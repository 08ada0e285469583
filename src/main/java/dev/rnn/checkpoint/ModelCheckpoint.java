package dev.rnn.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.data.Units;
import dev.rnn.data.Vocabulary;
import dev.rnn.backend.Backend;
import dev.rnn.math.Param;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.model.RnnState;
import dev.rnn.optim.Optimizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a model (and, for a resume, its optimizer and stream states) to a safetensors checkpoint
 * that PyTorch reads: tensors named and shaped as PyTorch's state_dict ({@code rnn.weight_ih_l0},
 * …, {@code decoder.bias}, F32), {@code __metadata__} with {@code cell}, {@code nonlinearity},
 * {@code hidden_size}, {@code num_layers} and {@code vocab} (a JSON array of one-character
 * strings in id order). Optimizer state is stored as {@code optim.*} tensors and stream states as
 * {@code state.h_l*} / {@code state.c_l*}, which PyTorch loaders that filter on the model's
 * prefixes ignore.
 */
public final class ModelCheckpoint {
    /** Sanity bounds on sizes read from a file, checked before anything is allocated. */
    static final int MAX_HIDDEN = 1 << 16;
    static final int MAX_LAYERS = 64;
    static final int MAX_VOCAB = 1 << 21;
    /**
     * The checkpoint format this code writes and the newest it reads. 1: the run's options as one
     * flat {@code train.options} object; 2: {@code train.config}, one object per lifetime; 3: the
     * model may be layer-normalised ({@code layer_norm}, model.layerNorm); the corpus options
     * (data.valChars, ...), and the vocabulary's {@code unk_id}, {@code unk_counts} and {@code units}.
     */
    public static final int FORMAT_VERSION = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelCheckpoint() {
    }

    /**
     * Writes a checkpoint atomically (temporary file, flush, rename).
     *
     * @param extraMetadata training keys to store beside the model's (may be empty)
     * @param optimizer     saved as {@code optim.*} tensors, or null
     * @param streams       the N streams' states saved as {@code state.*} tensors, or null
     */
    public static void save(Path file, CharRnn model, Vocabulary vocab, Map<String, String> extraMetadata,
                            Optimizer optimizer, RnnState streams) throws CheckpointException {
        ModelConfig c = model.config();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Param p : model.params()) {
            tensors.put(p.name(), Tensor.f32(p.shape(), Arrays.copyOf(p.value().data, p.size())));
        }
        if (optimizer != null) {
            for (Map.Entry<String, float[]> e : optimizer.stateArrays().entrySet()) {
                tensors.put(e.getKey(), Tensor.f32(new int[] {e.getValue().length}, e.getValue().clone()));
            }
        }
        if (streams != null) {
            int[] shape = {streams.rows(), streams.hidden()};
            for (int l = 0; l < streams.layers(); l++) {
                tensors.put("state.h_l" + l, Tensor.f32(shape, streams.h(l).clone()));
                if (streams.hasCellState()) {
                    tensors.put("state.c_l" + l, Tensor.f32(shape, streams.c(l).clone()));
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rnn-checkpoint");
        meta.put("format_version", Integer.toString(FORMAT_VERSION));
        meta.put("cell", c.cell().id());
        if (c.cell() == CellType.RNN) {
            meta.put("nonlinearity", c.nonlinearity().id());
        }
        meta.put("hidden_size", Integer.toString(c.hidden()));
        meta.put("num_layers", Integer.toString(c.layers()));
        meta.put("dropout", Float.toString(c.dropout()));
        if (c.layerNorm()) {
            meta.put("layer_norm", "true");
        }
        try {
            if (vocab.units() == Units.BYTES) {
                meta.put("units", Units.BYTES.id());
                meta.put("vocab", JSON.writeValueAsString(vocab.values()));
            } else {
                meta.put("vocab", JSON.writeValueAsString(vocab.symbols()));
            }
            if (vocab.unknownId() >= 0) {
                meta.put("unk_id", Integer.toString(vocab.unknownId()));
                int[] cps = vocab.unknownCodePoints();
                long[] counts = vocab.unknownCounts();
                long[][] pairs = new long[cps.length][];
                for (int i = 0; i < cps.length; i++) {
                    pairs[i] = new long[] {cps[i], counts[i]};
                }
                meta.put("unk_counts", JSON.writeValueAsString(pairs));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the vocabulary as JSON", e);
        }
        if (optimizer != null) {
            meta.put("optimizer", optimizer.type().id());
            meta.put("optimizer_steps", Long.toString(optimizer.steps()));
        }
        for (Map.Entry<String, String> e : extraMetadata.entrySet()) {
            if (meta.containsKey(e.getKey())) {
                throw new IllegalArgumentException("metadata key " + e.getKey() + " is reserved for the model");
            }
            meta.put(e.getKey(), e.getValue());
        }
        SafeTensors.write(file, tensors, meta);
    }

    /** Reads a checkpoint (ours or one PyTorch wrote in this layout) into a model. */
    public static LoadedModel load(Path file, Backend mm) throws CheckpointException {
        SafeTensorsFile f = SafeTensors.read(file);
        formatVersion(f.metadata(), file);
        return load(file, f, mm, 0f);
    }

    /**
     * The format version of a checkpoint's metadata: 1 when absent (our first files, and PyTorch's);
     * a version newer than {@link #FORMAT_VERSION} is refused.
     */
    public static int formatVersion(Map<String, String> meta, Path file) throws CheckpointException {
        String v = meta.get("format_version");
        if (v == null) {
            return 1;
        }
        int version;
        try {
            version = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException("checkpoint " + file + ": format_version is '" + v + "', expected a whole number", e);
        }
        if (version > FORMAT_VERSION) {
            throw new CheckpointException("checkpoint " + file + " was written by format version " + version
                    + "; this rnn reads up to " + FORMAT_VERSION + ": upgrade rnn");
        }
        if (version < 1) {
            throw new CheckpointException("checkpoint " + file + ": format_version is " + version + ", expected 1.."
                    + FORMAT_VERSION);
        }
        return version;
    }

    /**
     * Builds the model a checkpoint already read holds, with {@code dropout} for training (the file
     * does not decide it); check its {@link #formatVersion} first.
     */
    public static LoadedModel load(Path file, SafeTensorsFile f, Backend mm, float dropout) throws CheckpointException {
        return load(file, f, mm, dropout, false, 0f);
    }

    /**
     * As {@link #load(Path, SafeTensorsFile, Backend, float)} with training's regularisation, which
     * the file does not decide either: locked dropout and weight drop on W_hh.
     */
    public static LoadedModel load(Path file, SafeTensorsFile f, Backend mm, float dropout, boolean lockedDropout,
                                   float weightDrop) throws CheckpointException {
        Map<String, String> meta = f.metadata();
        String where = "checkpoint " + file;
        CellType cell = parseEnum(CellType.class, required(meta, "cell", where), "cell", where);
        Nonlinearity nl = meta.containsKey("nonlinearity")
                ? parseEnum(Nonlinearity.class, meta.get("nonlinearity"), "nonlinearity", where) : Nonlinearity.TANH;
        int hidden = parseInt(meta, "hidden_size", MAX_HIDDEN, where);
        int layers = parseInt(meta, "num_layers", MAX_LAYERS, where);
        Vocabulary vocab = parseVocab(meta, where);
        boolean layerNorm = parseLayerNorm(meta.get("layer_norm"), where);
        if (layerNorm && cell == CellType.RNN) {
            throw new CheckpointException(where + ": layer_norm is true for an rnn cell, which has no layer norm; the file is damaged");
        }
        ModelConfig config = new ModelConfig(cell, nl, vocab.size(), hidden, layers, dropout, layerNorm, lockedDropout,
                weightDrop);
        CharRnn model = new CharRnn(config, mm);
        for (Param p : model.params()) {
            Tensor t = f.tensors().get(p.name());
            if (t == null) {
                throw new CheckpointException(where + " has no tensor " + p.name() + " that a " + config.describe()
                        + " model needs; it was written for another architecture or is damaged");
            }
            if (t.dtype() != DType.F32) {
                throw new CheckpointException(where + ": tensor " + p.name() + " is " + t.dtype() + ", expected F32");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new CheckpointException(where + ": tensor " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(p.shape()) + " for a " + config.describe() + " model with "
                        + vocab.size() + " characters");
            }
            System.arraycopy(t.f32Data(), 0, p.value().data, 0, p.size());
        }
        return new LoadedModel(file, model, vocab, meta, f.tensors());
    }

    /** Restores an optimizer's state saved by {@link #save}; the optimizer must be of the saved type. */
    public static void restoreOptimizer(LoadedModel loaded, Optimizer optimizer) throws CheckpointException {
        String where = "checkpoint " + loaded.file();
        String saved = required(loaded.metadata(), "optimizer", where);
        if (!saved.equals(optimizer.type().id())) {
            throw new CheckpointException(where + " holds " + saved + " state, but the run uses " + optimizer.type().id());
        }
        for (Map.Entry<String, float[]> e : optimizer.stateArrays().entrySet()) {
            float[] dst = e.getValue();
            Tensor t = loaded.tensors().get(e.getKey());
            if (t == null || t.dtype() != DType.F32 || t.size() != dst.length) {
                throw new CheckpointException(where + " lacks optimizer tensor " + e.getKey() + " of " + dst.length
                        + " floats; it cannot resume this run");
            }
            System.arraycopy(t.f32Data(), 0, dst, 0, dst.length);
        }
        optimizer.setSteps(parseLong(loaded.metadata(), "optimizer_steps", where));
    }

    /** Restores the saved states of the N streams into {@code streams}. */
    public static void restoreStreams(LoadedModel loaded, RnnState streams) throws CheckpointException {
        String where = "checkpoint " + loaded.file();
        int[] shape = {streams.rows(), streams.hidden()};
        for (int l = 0; l < streams.layers(); l++) {
            copyState(loaded, "state.h_l" + l, shape, streams.h(l), where);
            if (streams.hasCellState()) {
                copyState(loaded, "state.c_l" + l, shape, streams.c(l), where);
            }
        }
    }

    private static void copyState(LoadedModel loaded, String name, int[] shape, float[] dst, String where)
            throws CheckpointException {
        Tensor t = loaded.tensors().get(name);
        if (t == null || t.dtype() != DType.F32 || !Arrays.equals(t.shape(), shape)) {
            throw new CheckpointException(where + " lacks stream state " + name + " of shape " + Arrays.toString(shape)
                    + "; it cannot resume this run");
        }
        System.arraycopy(t.f32Data(), 0, dst, 0, dst.length);
    }

    static String required(Map<String, String> meta, String key, String where) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw new CheckpointException(where + " has no metadata key '" + key + "'; it is not an rnn checkpoint"
                    + " (expected keys: cell, hidden_size, num_layers, vocab)");
        }
        return v;
    }

    private static int parseInt(Map<String, String> meta, String key, int max, String where) throws CheckpointException {
        String v = required(meta, key, where);
        try {
            int x = Integer.parseInt(v.trim());
            if (x < 1 || x > max) {
                throw new CheckpointException(where + ": " + key + " is " + x + ", expected 1.." + max);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new CheckpointException(where + ": " + key + " is '" + v + "', expected a whole number", e);
        }
    }

    static long parseLong(Map<String, String> meta, String key, String where) throws CheckpointException {
        String v = required(meta, key, where);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(where + ": " + key + " is '" + v + "', expected a whole number", e);
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String v, String key, String where)
            throws CheckpointException {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": " + key + " is '" + v + "', expected one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT), e);
        }
    }

    /**
     * The vocabulary of {@code vocab}, with its unknown entry {@code unk_id} and the unknown
     * characters' training counts {@code unk_counts} ({@code [[code point, count], ...]}) when present.
     */
    static Vocabulary parseVocab(Map<String, String> meta, String where) throws CheckpointException {
        String json = required(meta, "vocab", where);
        Units units = parseEnum(Units.class, meta.getOrDefault("units", "codepoints"), "units", where);
        if (units == Units.BYTES) {
            List<Integer> values;
            try {
                values = JSON.readValue(json, new TypeReference<List<Integer>>() { });
            } catch (JsonProcessingException e) {
                throw new CheckpointException(where + ": metadata 'vocab' of a byte-level model is not a JSON array of"
                        + " byte values", e);
            }
            if (values == null || values.isEmpty() || values.size() > 256) {
                throw new CheckpointException(where + ": metadata 'vocab' of a byte-level model must list 1..256 bytes");
            }
            try {
                return Vocabulary.fromBytes(values);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(where + ": metadata 'vocab' is invalid: " + e.getMessage(), e);
            }
        }
        String unk = meta.get("unk_id");
        if (unk == null) {
            return parseVocab(json, where, -1);
        }
        int unkId;
        try {
            unkId = Integer.parseInt(unk.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(where + ": unk_id is '" + unk + "', expected a whole number", e);
        }
        Vocabulary vocab = parseVocab(json, where, unkId);
        long[][] pairs;
        try {
            pairs = JSON.readValue(meta.getOrDefault("unk_counts", "[]"), long[][].class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(where + ": metadata 'unk_counts' is not a JSON array of [code point, count]"
                    + " pairs", e);
        }
        if (pairs == null || pairs.length > Character.MAX_CODE_POINT + 1) {
            throw new CheckpointException(where + ": metadata 'unk_counts' must list 0.." + (Character.MAX_CODE_POINT + 1)
                    + " pairs");
        }
        int[] cps = new int[pairs.length];
        long[] counts = new long[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            if (pairs[i] == null || pairs[i].length != 2 || pairs[i][0] < 0 || pairs[i][0] > Character.MAX_CODE_POINT) {
                throw new CheckpointException(where + ": unk_counts entry " + i + " is not a [code point, count] pair");
            }
            cps[i] = (int) pairs[i][0];
            counts[i] = pairs[i][1];
        }
        try {
            return vocab.withUnknownCounts(cps, counts);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": metadata 'unk_counts' is invalid: " + e.getMessage(), e);
        }
    }

    private static Vocabulary parseVocab(String json, String where, int unkId) throws CheckpointException {
        List<String> symbols;
        try {
            symbols = JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new CheckpointException(where + ": metadata 'vocab' is not a JSON array of strings", e);
        }
        if (symbols == null || symbols.isEmpty() || symbols.size() > MAX_VOCAB) {
            throw new CheckpointException(where + ": metadata 'vocab' must list 1.." + MAX_VOCAB + " characters");
        }
        try {
            return Vocabulary.fromStrings(symbols, unkId);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": metadata 'vocab' is invalid: " + e.getMessage(), e);
        }
    }

    /** Metadata {@code layer_norm}: absent (every file before format 3, and plain models) is false. */
    private static boolean parseLayerNorm(String v, String where) throws CheckpointException {
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new CheckpointException(where + ": metadata 'layer_norm' is '" + v + "', expected true or false");
    }
}
