package io.hardneg.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of windows over a few symbols with increasing bar indexes (sometimes skipping
 * bars), embeddings drawn from a small set of component values so that ties and duplicate
 * embeddings are common, occasional replays of a window already seen (the anchor is then in the
 * bank), and occasional duplicate adds.
 */
final class WindowStream {

    static final String[] SYMBOLS = {"AAPL", "AB", "B"};
    private static final float[] COMPONENTS = {-1f, 0f, 0f, 1f, 2f};

    /** One step: mine this window, then add it unless it is a replay. */
    record Step(BankEntry window, boolean replay) {}

    private final Random random;
    private final int dim;
    private final long[] nextBar = new long[SYMBOLS.length];
    private final List<BankEntry> seen = new ArrayList<>();

    WindowStream(long seed, int dim) {
        this.random = new Random(seed);
        this.dim = dim;
    }

    Step next() {
        if (!seen.isEmpty() && random.nextInt(10) == 0) {
            BankEntry old = seen.get(random.nextInt(seen.size()));
            // 1 in 3 replays is re-added, which puts a duplicate (symbol, barIndex) in the bank.
            return new Step(old, random.nextInt(3) != 0);
        }
        int s = random.nextInt(SYMBOLS.length);
        long bar = nextBar[s];
        nextBar[s] += random.nextInt(4) == 0 ? 2 : 1;
        BankEntry e = new BankEntry(SYMBOLS[s], 1_000_000L + bar * 60_000L + s, bar, unit(), "m1");
        seen.add(e);
        return new Step(e, false);
    }

    float[] unit() {
        return unit(random, dim);
    }

    static float[] unit(Random random, int dim) {
        double[] v = new double[dim];
        double sumSq = 0;
        for (int d = 0; d < dim; d++) {
            v[d] = COMPONENTS[random.nextInt(COMPONENTS.length)];
            sumSq += v[d] * v[d];
        }
        if (sumSq == 0) {
            v[random.nextInt(dim)] = 1;
            sumSq = 1;
        }
        double norm = Math.sqrt(sumSq);
        float[] e = new float[dim];
        for (int d = 0; d < dim; d++) {
            e[d] = (float) (v[d] / norm);
        }
        return e;
    }
}
