package dev.rnn.api;

/**
 * How to draw each next character: from softmax(logits / temperature), optionally only among
 * the {@code topK} most likely characters and then only within the most likely set whose
 * probability reaches {@code topP} (nucleus sampling), with a seeded generator: the same
 * configuration and seed give the same text. Validated on construction.
 *
 * @param temperature 0 for always the most likely character, else > 0 (1 = the model's own distribution)
 * @param topK        0 for no limit, else the k most likely characters only
 * @param topP        1 for no cut, else in (0, 1)
 * @param randomSeed  the generator's seed; stream i of a batch uses {@code randomSeed + i}
 */
public record SamplingConfig(double temperature, int topK, double topP, long randomSeed) {
    /** Temperature 1, no top-k or top-p, random seed 0. */
    public static final SamplingConfig DEFAULT = new SamplingConfig(1.0, 0, 1.0, 0L);

    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature is " + temperature + "; it must be >= 0 (0 = argmax)");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k is " + topK + "; it must be >= 0 (0 = no limit)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p is " + topP + "; it must be in (0, 1] (1 = no cut)");
        }
    }

    public SamplingConfig withTemperature(double t) {
        return new SamplingConfig(t, topK, topP, randomSeed);
    }

    public SamplingConfig withTopK(int k) {
        return new SamplingConfig(temperature, k, topP, randomSeed);
    }

    public SamplingConfig withTopP(double p) {
        return new SamplingConfig(temperature, topK, p, randomSeed);
    }

    public SamplingConfig withRandomSeed(long seed) {
        return new SamplingConfig(temperature, topK, topP, seed);
    }
}
