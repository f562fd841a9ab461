package io.hardneg.job;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The augmented view of a window used as its positive ({@code positive.strategy=augmented}): every
 * value of the encoder input scaled by one factor drawn from [1 - scale, 1 + scale] and jittered
 * with Gaussian noise of standard deviation {@code jitter}. The generator is seeded from {@code
 * positive.augment.seed} and the window id only, so a window always gets the same view, whatever
 * the order, parallelism or restarts.
 */
public final class Augmenter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float scale;
    private final float jitter;
    private final long seed;

    public Augmenter(float scale, float jitter, long seed) {
        if (!(scale >= 0 && scale < 1)) {
            throw new IllegalArgumentException(
                    "positive.augment.scale=" + scale + " must be in [0, 1)");
        }
        if (!(jitter >= 0 && Float.isFinite(jitter))) {
            throw new IllegalArgumentException(
                    "positive.augment.jitter=" + jitter + " must be a finite number >= 0");
        }
        this.scale = scale;
        this.jitter = jitter;
        this.seed = seed;
    }

    /** A new array: the augmented view of {@code values} for the window (symbol, endTime). */
    public float[] augment(float[] values, String symbol, long endTime) {
        SplittableRandom random =
                new SplittableRandom(mix(mix(seed ^ symbol.hashCode()) ^ endTime));
        double factor = 1 + scale * (2 * random.nextDouble() - 1);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (values[i] * factor + jitter * random.nextGaussian());
        }
        return out;
    }

    /** The finalizer of SplitMix64: spreads nearby seeds over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
