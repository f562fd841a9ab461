package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InfoNceTest {

    @Test
    void logSumExpDoesNotOverflowOrUnderflow() {
        // log(e^1000 + e^1000) = 1000 + ln 2 = 1000.693147.
        assertThat(InfoNce.logSumExp(new double[] {1000, 1000}))
                .isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(InfoNce.logSumExp(new double[] {-1000, -1000}))
                .isCloseTo(-1000 + Math.log(2), within(1e-9));
    }

    @Test
    void lossOfASingleLogitIsZero() {
        assertThat(InfoNce.loss(new double[] {3.7})).isEqualTo(0.0);
        assertThat(InfoNce.softmax(new double[] {3.7})).containsExactly(1.0);
    }

    @Test
    void twoLogitLossAndWeightsByHand() {
        // z = (0, ln 3): softmax = (1/4, 3/4); loss = -0 + ln(1 + 3) = ln 4 = 1.386294.
        double[] z = {0, Math.log(3)};
        assertThat(InfoNce.loss(z)).isCloseTo(Math.log(4), within(1e-12));
        assertThat(InfoNce.softmax(z)).containsExactly(new double[] {0.25, 0.75}, within(1e-12));
    }

    @Test
    void logitsDivideByTemperatureInDouble() {
        assertThat(InfoNce.logits(0.5f, new float[] {0.25f, -1f}, 0.5f))
                .containsExactly(1.0, 0.5, -2.0);
    }

    @Test
    void gradientByHand() {
        // p = (1, 0), n = (0, 1), w = (0.25, 0.75), tau = 0.5:
        // g = 2 * (0.25 p + 0.75 n - p) = 2 * (-0.75, 0.75) = (-1.5, 1.5).
        float[] g =
                InfoNce.gradient(
                        new double[] {0.25, 0.75},
                        new float[] {1f, 0f},
                        new float[][] {{0f, 1f}},
                        0.5f);
        assertThat(g).containsExactly(-1.5f, 1.5f);
    }
}
