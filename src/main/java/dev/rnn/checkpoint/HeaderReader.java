package dev.rnn.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses and checks the JSON header of one file, token by token, against the safetensors schema:
 * <pre>{"__metadata__": {str: str}, name: {"dtype": str, "shape": [int..], "data_offsets": [int, int]}}</pre>
 * It checks each entry on its own (known dtype, shape, offsets spanning count * itemSize bytes);
 * how the entries tile the data section is the reader's business.
 */
final class HeaderReader {
    private final Path file;
    private final JsonFactory json;

    HeaderReader(Path file) {
        this.file = file;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Format.MAX_JSON_DEPTH)
                        .maxStringLength(Format.MAX_STRING_CHARS)
                        .maxNameLength(Format.MAX_STRING_CHARS)
                        .maxNumberLength(Format.MAX_NUMBER_CHARS)
                        .maxDocumentLength(Format.MAX_HEADER_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Parses {@code bytes}, the whole header including any trailing space padding. */
    Header parse(byte[] bytes) throws CheckpointException {
        if (bytes.length == 0 || bytes[0] != '{') {
            throw new CheckpointException("checkpoint " + file + " is not a safetensors checkpoint: "
                    + (bytes.length == 0 ? "its header is empty"
                            : String.format("its header starts with byte 0x%02x, not '{'", bytes[0] & 0xff))
                    + "; check the path");
        }
        String text = decodeUtf8(bytes);
        try (JsonParser p = json.createParser(text)) {
            return parseRoot(p);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw corrupt("it is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + Messages.oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new CheckpointException("could not parse the header of checkpoint " + file + ": "
                    + Messages.reason(e), e);
        }
    }

    private String decodeUtf8(byte[] bytes) throws CheckpointException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (MalformedInputException e) {
            throw corrupt("it is not valid UTF-8 (" + e.getInputLength() + " bad byte(s))", e);
        } catch (CharacterCodingException e) {
            throw corrupt("it is not valid UTF-8", e);
        }
    }

    private Header parseRoot(JsonParser p) throws IOException, CheckpointException {
        p.nextToken(); // START_OBJECT: the first byte is '{'
        List<TensorEntry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals(Format.METADATA_KEY)) {
                parseMetadata(p, value, metadata);
            } else {
                if (entries.size() == Format.MAX_TENSORS) {
                    throw corrupt("it lists more than " + Format.MAX_TENSORS + " tensors, the most rnn reads", null);
                }
                entries.add(parseEntry(p, name, value));
            }
        }
        if (p.nextToken() != null) {
            throw corrupt("there is more JSON after the header object", null);
        }
        return new Header(entries, metadata);
    }

    private void parseMetadata(JsonParser p, JsonToken value, Map<String, String> out)
            throws IOException, CheckpointException {
        if (value != JsonToken.START_OBJECT) {
            throw corrupt(Format.METADATA_KEY + " must be an object of strings, found " + describe(value), null);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw corrupt(Format.METADATA_KEY + " entry " + Messages.quote(key)
                        + " must be a string, found " + describe(v), null);
            }
            out.put(key, p.getText());
        }
    }

    private TensorEntry parseEntry(JsonParser p, String name, JsonToken value)
            throws IOException, CheckpointException {
        String tensor = "tensor " + Messages.quote(name);
        if (value != JsonToken.START_OBJECT) {
            throw corrupt(tensor + " must be an object {dtype, shape, data_offsets}, found " + describe(value), null);
        }
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        throw corrupt(tensor + " has a dtype that is " + describe(v) + ", not a string", null);
                    }
                    dtypeName = p.getText();
                }
                case "shape" -> shape = parseIntegers(p, v, tensor + " has a shape that is not an array of at most "
                        + Tensor.MAX_DIMS + " non-negative integers", Tensor.MAX_DIMS);
                case "data_offsets" -> offsets = parseIntegers(p, v, tensor
                        + " has data_offsets that are not two non-negative integers [begin, end]", 2);
                default -> throw corrupt(tensor + " has an unexpected field " + Messages.quote(field)
                        + " (expected dtype, shape, data_offsets)", null);
            }
        }
        if (dtypeName == null || shape == null || offsets == null) {
            throw corrupt(tensor + " lacks " + (dtypeName == null ? "dtype" : shape == null ? "shape" : "data_offsets"), null);
        }
        return checkEntry(name, tensor, dtypeName, shape, offsets);
    }

    /** Reads a JSON array of at most {@code max} integers in 0..Long.MAX_VALUE. */
    private long[] parseIntegers(JsonParser p, JsonToken value, String problem, int max)
            throws IOException, CheckpointException {
        if (value != JsonToken.START_ARRAY) {
            throw corrupt(problem + ": found " + describe(value), null);
        }
        long[] out = new long[max];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (n == max) {
                throw corrupt(problem + ": it has more than " + max + " elements", null);
            }
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw corrupt(problem + ": found " + describe(t), null);
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
                throw corrupt(problem + ": found " + p.getText(), null);
            }
            out[n++] = p.getLongValue();
        }
        return Arrays.copyOf(out, n);
    }

    private TensorEntry checkEntry(String name, String tensor, String dtypeName, long[] shapeIn, long[] offsets)
            throws CheckpointException {
        DType dtype = DType.fromName(dtypeName).orElseThrow(() -> new CheckpointException("checkpoint " + file
                + " stores " + tensor + " as " + Messages.quote(dtypeName) + ", which rnn cannot read (it reads "
                + Arrays.stream(DType.values()).map(Enum::name).collect(Collectors.joining(", "))
                + "); convert it, e.g. with tensor.float(), and save again"));
        String shapeText = Arrays.toString(shapeIn);
        int[] shape = new int[shapeIn.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeIn[i] > Format.MAX_ARRAY_LENGTH) {
                throw corrupt(tensor + " has shape " + shapeText + " with a dimension of " + shapeIn[i]
                        + ", more than a Java array holds (" + Format.MAX_ARRAY_LENGTH + ")", null);
            }
            shape[i] = (int) shapeIn[i];
        }
        for (int d : shape) {
            if (d == 0) {
                count = 0;
                break;
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw corrupt(tensor + " has shape " + shapeText + " whose element count overflows a 64-bit integer", e);
            }
        }
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw corrupt(tensor + " has data_offsets " + Arrays.toString(offsets)
                    + ", expected [begin, end] with begin <= end", null);
        }
        return new TensorEntry(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the header";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a non-integer number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private CheckpointException corrupt(String what, Throwable cause) {
        return new CheckpointException("checkpoint " + file + " has a corrupt header: " + what + "; "
                + Format.DAMAGED_ADVICE, cause);
    }
}
