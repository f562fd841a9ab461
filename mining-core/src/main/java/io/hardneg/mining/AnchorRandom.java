package io.hardneg.mining;

import java.util.SplittableRandom;

/**
 * Per-anchor generators for random and synthetic negatives, seeded only from the anchor's id
 * (symbol, endTime) and {@link MiningParams#randomSeed}, so that a replayed or restored stream
 * draws the same negatives for the same bank contents.
 *
 * <p>Seeding, exactly: {@code h = fmix64(seed); h = fmix64(h ^ (long) symbol.hashCode()); h =
 * fmix64(h ^ endTime)}, where {@code fmix64} is MurmurHash3's 64-bit finaliser; random negatives
 * use {@code new SplittableRandom(h(seed))} and synthetic ones {@code new SplittableRandom(h(seed ^
 * }{@value #SYNTHETIC_SALT}{@code ))}. ({@code String.hashCode} is specified by the JLS, so the
 * seed does not depend on the JVM.)
 */
public final class AnchorRandom {

    /** Separates the synthetic generator's stream from the random negatives' one. */
    public static final long SYNTHETIC_SALT = 0x5851F42D4C957F2DL;

    private AnchorRandom() {}

    /** The seed of the random-negative generator of the anchor (symbol, endTime). */
    public static long anchorSeed(long seed, String symbol, long endTime) {
        long h = fmix64(seed);
        h = fmix64(h ^ (long) symbol.hashCode());
        return fmix64(h ^ endTime);
    }

    static SplittableRandom forRandomNegatives(long seed, String symbol, long endTime) {
        return new SplittableRandom(anchorSeed(seed, symbol, endTime));
    }

    static SplittableRandom forSynthetic(long seed, String symbol, long endTime) {
        return new SplittableRandom(anchorSeed(seed ^ SYNTHETIC_SALT, symbol, endTime));
    }

    /**
     * Floyd's sampling: {@code r} distinct indexes of {@code [0, m)}, uniformly, written to {@code
     * out[0, r)} in ascending order. Draws {@code rng.nextInt(j + 1)} for j = m - r, ..., m - 1 and
     * takes j instead when the draw was already taken.
     */
    static void sample(SplittableRandom rng, int m, int r, int[] out) {
        int taken = 0;
        for (int j = m - r; j < m; j++) {
            int t = rng.nextInt(j + 1);
            for (int i = 0; i < taken; i++) {
                if (out[i] == t) {
                    t = j;
                    break;
                }
            }
            out[taken++] = t;
        }
        java.util.Arrays.sort(out, 0, r);
    }

    private static long fmix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
