package dev.rnn.math;

/**
 * A small seeded random generator (SplitMix64) whose whole state is one {@code long}, so a
 * training run can save it in a checkpoint and resume bit-identically. One instance per concern
 * (initialisation, dropout, sampling); never shared across threads.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The generator's state, to be restored with {@link #setState(long)}. */
    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * nextFloat();
    }

    /** A derived generator for another concern, independent of this one's future draws. */
    public static Rng derive(long seed, String concern) {
        long h = seed;
        for (int i = 0; i < concern.length(); i++) {
            h = h * 0x100000001B3L ^ concern.charAt(i);
        }
        Rng r = new Rng(h);
        r.nextLong();
        return r;
    }
}
