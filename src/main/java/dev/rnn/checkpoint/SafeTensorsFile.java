package dev.rnn.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a safetensors file holds: its tensors ordered by name and its string metadata in file
 * order. The {@code checksum} entry is not part of the metadata: {@code checksumVerified} says
 * whether the file had one (it then matched); files from PyTorch's safetensors have none.
 */
public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata,
                              boolean checksumVerified) {
    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
