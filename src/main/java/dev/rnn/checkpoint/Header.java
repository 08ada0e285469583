package dev.rnn.checkpoint;

import java.util.List;
import java.util.Map;

/** A parsed header: the tensor entries in header order and the string metadata in header order. */
record Header(List<TensorEntry> entries, Map<String, String> metadata) {
}
