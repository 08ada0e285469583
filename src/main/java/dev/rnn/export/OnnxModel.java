package dev.rnn.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.ByteString;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.math.Param;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The model as an ONNX graph of standard operators at opset 17, which ONNX Runtime runs as it is:
 * <pre>
 * ids (N, T) int64 → OneHot → (N, T, V) → Transpose → (T, N, V)
 *   → per layer l: LSTM | GRU | RNN (layout 0) with initial states h0[l], c0[l] → Y (T, 1, N, H) → Squeeze → (T, N, H)
 *   → Transpose → (N, T, H) → MatMul decoder.weightᵀ (H, V) → Add decoder.bias → logits (N, T, V)
 * hT = Concat(Y_h of every layer) (L, N, H), and cT likewise for an LSTM.
 * </pre>
 * ONNX Runtime refuses layout 1 (batch first), hence the Transposes. Gate blocks are reordered
 * from PyTorch's (LSTM i,f,g,o; GRU r,z,n) to ONNX's (LSTM i,o,f,c; GRU z,r,h); PyTorch's GRU is
 * ONNX's with {@code linear_before_reset=1}. Weights keep PyTorch's (G·H, D) row layout, which is
 * ONNX's W (1, G·H, D).
 */
public final class OnnxModel {
    public static final int OPSET = 17;
    /** IR version 8 is what opset 17 came with (ONNX 1.12, Debian's python3-onnx checks it). */
    public static final long IR_VERSION = 8;
    public static final String IDS = "ids";
    public static final String H0 = "h0";
    public static final String C0 = "c0";
    public static final String LOGITS = "logits";
    public static final String HT = "hT";
    public static final String CT = "cT";
    /**
     * Checkpoint metadata copied into the model's metadata_props when present: what a runtime needs
     * to encode text and build the initial states. {@code units} and {@code unk_id} come from
     * checkpoints of corpora with a units vocabulary.
     */
    static final List<String> COPIED_METADATA = List.of("vocab", "cell", "nonlinearity", "hidden_size", "num_layers",
            "units", "unk_id");
    /** Metadata holding JSON, rewritten in ASCII (see {@link #asciiJson}). */
    static final List<String> JSON_METADATA = List.of("vocab", "units");
    private static final ObjectMapper ASCII_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private OnnxModel() {
    }

    /** Refuses what standard operators cannot express yet: layer-normalised cells. */
    public static void checkExportable(LoadedModel loaded) throws ExportException {
        if (loaded.model().config().layerNorm()) {
            throw new ExportException("checkpoint " + loaded.file() + " has layer-normalised cells, which export does"
                    + " not support: ONNX's LSTM/GRU/RNN operators have no layer norm; export a model trained without it");
        }
    }

    /** The ONNX model of a loaded checkpoint, with its metadata. */
    public static ModelProto build(LoadedModel loaded, String producerVersion) throws ExportException {
        checkExportable(loaded);
        Map<String, String> meta = new LinkedHashMap<>();
        for (String key : COPIED_METADATA) {
            String v = loaded.metadata().get(key);
            if (v != null) {
                meta.put(key, JSON_METADATA.contains(key) ? asciiJson(key, v) : v);
            }
        }
        return build(loaded.model(), meta, producerVersion);
    }

    /** The ONNX model of {@code model}, with {@code metadata} as its metadata_props. */
    public static ModelProto build(CharRnn model, Map<String, String> metadata, String producerVersion) {
        ModelConfig c = model.config();
        int v = c.vocabSize();
        int h = c.hidden();
        int layers = c.layers();
        boolean lstm = c.cell() == CellType.LSTM;
        GraphProto.Builder g = GraphProto.newBuilder().setName("rnn_" + c.cell().id());

        g.addInput(value(IDS, TensorProto.DataType.INT64, "N", "T"));
        g.addInput(value(H0, TensorProto.DataType.FLOAT, layers, "N", h));
        if (lstm) {
            g.addInput(value(C0, TensorProto.DataType.FLOAT, layers, "N", h));
        }
        g.addOutput(value(LOGITS, TensorProto.DataType.FLOAT, "N", "T", v));
        g.addOutput(value(HT, TensorProto.DataType.FLOAT, layers, "N", h));
        if (lstm) {
            g.addOutput(value(CT, TensorProto.DataType.FLOAT, layers, "N", h));
        }

        g.addInitializer(int64("onehot.depth", new long[] {1}, v));
        g.addInitializer(floats("onehot.values", new long[] {2}, new float[] {0f, 1f}));
        g.addInitializer(int64("axes.0", new long[] {1}, 0));
        g.addInitializer(int64("axes.1", new long[] {1}, 1));
        g.addNode(node("OneHot", List.of(IDS, "onehot.depth", "onehot.values"), List.of("x.onehot")).addAttribute(intAttr("axis", -1)));
        g.addNode(node("Transpose", List.of("x.onehot"), List.of("x.l0")).addAttribute(intsAttr("perm", 1, 0, 2)));

        int[] blocks = onnxGateOrder(c.cell());
        List<String> finalH = new ArrayList<>();
        List<String> finalC = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            String p = "rnn.l" + l + ".";
            g.addInitializer(int64(p + "start", new long[] {1}, l));
            g.addInitializer(int64(p + "end", new long[] {1}, l + 1));
            g.addNode(node("Slice", List.of(H0, p + "start", p + "end", "axes.0"), List.of(p + "h0")));
            if (lstm) {
                g.addNode(node("Slice", List.of(C0, p + "start", p + "end", "axes.0"), List.of(p + "c0")));
            }
            Param wih = model.param("rnn.weight_ih_l" + l);   // (G*H, D)
            Param whh = model.param("rnn.weight_hh_l" + l);   // (G*H, H)
            Param bih = model.param("rnn.bias_ih_l" + l);     // (G*H)
            Param bhh = model.param("rnn.bias_hh_l" + l);     // (G*H)
            int d = c.inputSize(l);
            g.addInitializer(floats(p + "W", new long[] {1, (long) blocks.length * h, d}, reorder(wih.value().data, blocks, h, d)));
            g.addInitializer(floats(p + "R", new long[] {1, (long) blocks.length * h, h}, reorder(whh.value().data, blocks, h, h)));
            float[] wb = reorder(bih.value().data, blocks, h, 1);
            float[] rb = reorder(bhh.value().data, blocks, h, 1);
            float[] b = new float[wb.length + rb.length]; // (1, 2*G*H): Wb then Rb
            System.arraycopy(wb, 0, b, 0, wb.length);
            System.arraycopy(rb, 0, b, wb.length, rb.length);
            g.addInitializer(floats(p + "B", new long[] {1, b.length}, b));

            String op = switch (c.cell()) {
                case LSTM -> "LSTM";
                case GRU -> "GRU";
                case RNN -> "RNN";
            };
            List<String> in = new ArrayList<>(List.of("x.l" + l, p + "W", p + "R", p + "B", "", p + "h0"));
            List<String> out = new ArrayList<>(List.of(p + "Y", p + "hT"));
            if (lstm) {
                in.add(p + "c0");
                out.add(p + "cT");
                finalC.add(p + "cT");
            }
            finalH.add(p + "hT");
            NodeProto.Builder cell = node(op, in, out).addAttribute(intAttr("hidden_size", h)).addAttribute(intAttr("layout", 0));
            if (c.cell() == CellType.GRU) {
                cell.addAttribute(intAttr("linear_before_reset", 1));
            } else if (c.cell() == CellType.RNN) {
                cell.addAttribute(stringsAttr("activations", c.nonlinearity() == Nonlinearity.RELU ? "Relu" : "Tanh"));
            }
            g.addNode(cell);
            g.addNode(node("Squeeze", List.of(p + "Y", "axes.1"), List.of("x.l" + (l + 1)))); // (T, 1, N, H) → (T, N, H)
        }
        g.addNode(node("Concat", finalH, List.of(HT)).addAttribute(intAttr("axis", 0)));
        if (lstm) {
            g.addNode(node("Concat", finalC, List.of(CT)).addAttribute(intAttr("axis", 0)));
        }
        g.addNode(node("Transpose", List.of("x.l" + layers), List.of("x.top")).addAttribute(intsAttr("perm", 1, 0, 2)));
        float[] w = model.param("decoder.weight").value().data; // (V, H)
        float[] wt = new float[h * v];                            // (H, V)
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < h; j++) {
                wt[j * v + i] = w[i * h + j];
            }
        }
        g.addInitializer(floats("decoder.weight_t", new long[] {h, v}, wt));
        g.addInitializer(floats("decoder.bias", new long[] {v}, model.param("decoder.bias").value().data.clone()));
        g.addNode(node("MatMul", List.of("x.top", "decoder.weight_t"), List.of("decoder.product")));
        g.addNode(node("Add", List.of("decoder.product", "decoder.bias"), List.of(LOGITS)));

        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("rnn")
                .setProducerVersion(producerVersion)
                .setDocString("Character model " + c.describe() + " over " + v + " characters: ids (N, T) int64, h0"
                        + (lstm ? " and c0" : "") + " (L, N, H) → logits (N, T, V), hT" + (lstm ? " and cT" : "")
                        + " (L, N, H). metadata_props 'vocab' lists the characters in id order.")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build();
    }

    /**
     * The same JSON value written in ASCII (𝔸 as the escapes of its two UTF-16 units): ONNX Runtime's Java API
     * hands metadata to Java as modified UTF-8 and garbles characters outside the BMP, while every
     * JSON parser reads the escapes back as the characters.
     */
    static String asciiJson(String key, String json) throws ExportException {
        try {
            return ASCII_JSON.writeValueAsString(ASCII_JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new ExportException("the checkpoint's metadata '" + key + "' is not valid JSON (" + e.getOriginalMessage()
                    + "); the checkpoint is damaged: export another one", e);
        }
    }

    /** For each ONNX gate block, the PyTorch block it comes from. */
    static int[] onnxGateOrder(CellType cell) {
        return switch (cell) {
            case LSTM -> new int[] {0, 3, 1, 2}; // ONNX i, o, f, c ← PyTorch i, f, g, o
            case GRU -> new int[] {1, 0, 2};     // ONNX z, r, h ← PyTorch r, z, n
            case RNN -> new int[] {0};
        };
    }

    /** Rows (G*H, cols) with its G blocks of H rows put in the order {@code blocks}. */
    static float[] reorder(float[] rows, int[] blocks, int h, int cols) {
        int block = h * cols;
        float[] out = new float[blocks.length * block];
        for (int k = 0; k < blocks.length; k++) {
            System.arraycopy(rows, blocks[k] * block, out, k * block, block);
        }
        return out;
    }

    private static NodeProto.Builder node(String op, List<String> inputs, List<String> outputs) {
        return NodeProto.newBuilder().setOpType(op).setName(outputs.get(0) + "." + op)
                .addAllInput(inputs).addAllOutput(outputs);
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : values) {
            a.addInts(x);
        }
        return a.build();
    }

    private static AttributeProto stringsAttr(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String s : values) {
            a.addStrings(ByteString.copyFromUtf8(s));
        }
        return a.build();
    }

    private static TensorProto floats(String name, long[] dims, float[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(asList(dims)).setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    private static TensorProto int64(String name, long[] dims, long value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addAllDims(asList(dims)).addInt64Data(value).build();
    }

    private static List<Long> asList(long[] dims) {
        List<Long> out = new ArrayList<>(dims.length);
        for (long x : dims) {
            out.add(x);
        }
        return out;
    }

    /** A tensor value whose dims are numbers (fixed) or names (symbolic, e.g. "N"). */
    private static ValueInfoProto value(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer i) {
                dim.setDimValue(i);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }
}
