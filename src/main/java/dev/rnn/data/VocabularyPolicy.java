package dev.rnn.data;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which characters of a text get their own id: those seen at least {@code minCount} times, and of
 * them at most the {@code maxVocab - 1} most frequent (ties to the smaller code point); every other
 * character shares the unknown id (U+FFFD). A text whose characters all pass keeps the plain
 * vocabulary, without an unknown entry. Under a limit, U+FFFD in a text is the unknown entry's.
 *
 * @param maxVocab the largest V, unknown entry included (0: no limit; else at least 2)
 * @param minCount the fewest occurrences a character needs for its own id (0 or 1: no limit)
 */
public record VocabularyPolicy(int maxVocab, int minCount) {
    /** Every character of the text gets its own id. */
    public static final VocabularyPolicy ALL = new VocabularyPolicy(0, 0);

    public VocabularyPolicy {
        if (maxVocab != 0 && maxVocab < 2) {
            throw new IllegalArgumentException("--max-vocab is " + maxVocab
                    + "; it must be at least 2 (a character and the unknown entry), or 0 for no limit");
        }
        if (minCount < 0) {
            throw new IllegalArgumentException("--min-count is " + minCount + "; it must be at least 0");
        }
    }

    /**
     * The vocabulary of a text whose characters occur {@code counts[cp]} times (indexed by code
     * point; 0 for absent).
     */
    public Vocabulary choose(long[] counts) {
        int[] seen = IntStream.range(0, counts.length).filter(cp -> counts[cp] > 0).toArray();
        if (keepsAll()) {
            return Vocabulary.of(seen);
        }
        int[] kept = IntStream.of(seen).filter(cp -> cp != Vocabulary.UNKNOWN && counts[cp] >= minCount).toArray();
        if (maxVocab > 0 && kept.length > maxVocab - 1) {
            kept = IntStream.of(kept).boxed()
                    .sorted(Comparator.<Integer>comparingLong(cp -> -counts[cp]).thenComparingInt(cp -> cp))
                    .limit(maxVocab - 1).mapToInt(Integer::intValue).toArray();
        }
        if (kept.length == seen.length) {
            return Vocabulary.of(kept);
        }
        return Vocabulary.withUnknown(kept);
    }

    /** True when the policy keeps every character. */
    public boolean keepsAll() {
        return maxVocab == 0 && minCount <= 1;
    }
}
