package io.hardneg.encoder;

import java.util.SplittableRandom;

/** Fixed, seeded input windows for tests. */
final class TestWindows {

    private TestWindows() {}

    /** {@code count} windows of roughly unit-variance values, the same for the same seed. */
    static float[][] random(int count, int channels, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] windows = new float[count][channels * length];
        for (float[] window : windows) {
            for (int i = 0; i < window.length; i++) {
                // Sum of three uniforms on [-1, 1]: bell-shaped, variance 1.
                window[i] =
                        (float)
                                (random.nextDouble(-1.0, 1.0)
                                        + random.nextDouble(-1.0, 1.0)
                                        + random.nextDouble(-1.0, 1.0));
            }
        }
        return windows;
    }
}
