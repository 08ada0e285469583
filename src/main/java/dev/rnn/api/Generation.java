package dev.rnn.api;

import dev.rnn.data.TextDecoder;
import dev.rnn.sample.Sampler;
import java.util.Iterator;

/**
 * Text being generated from a seed, one character per {@link #next()}: an endless iterator (stop
 * when you have enough). With several streams ({@link CharModel#generate(String, SamplingConfig,
 * int)}) all advance together as one batch through {@link #nextAll()}; stream i gives exactly the
 * text a single generation with random seed {@code randomSeed + i} gives. Belongs to one thread;
 * make one per concurrent caller.
 */
public final class Generation implements Iterator<Sampled> {
    private final Sampler sampler;
    private final int[] ids; // (N)
    private final TextDecoder[] decoders; // one per stream: a byte-level model's character spans several ids
    private final StringBuilder text = new StringBuilder(2);

    Generation(CharModel model, Sampler sampler) {
        this.sampler = sampler;
        this.ids = new int[sampler.streams()];
        this.decoders = new TextDecoder[ids.length];
        for (int i = 0; i < ids.length; i++) {
            decoders[i] = model.newDecoder();
        }
    }

    /** N, the number of streams. */
    public int streams() {
        return ids.length;
    }

    /** Always true: generation goes on until you stop asking. */
    @Override
    public boolean hasNext() {
        return true;
    }

    /** The next character of the only stream. */
    @Override
    public Sampled next() {
        if (ids.length != 1) {
            throw new IllegalStateException("this generation has " + ids.length + " streams; use nextAll()");
        }
        return nextAll()[0];
    }

    /** The next character of every stream (N). */
    public Sampled[] nextAll() {
        sampler.next(ids);
        Sampled[] out = new Sampled[ids.length];
        for (int i = 0; i < ids.length; i++) {
            text.setLength(0);
            decoders[i].append(ids[i], text);
            out[i] = new Sampled(text.toString(), sampler.lastLogProb(i));
        }
        return out;
    }
}
