package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final float[] WINDOW = {1f, -2f, 0.5f, 3f, -1f, 0f};

    @Test
    void withoutJitterEveryValueIsScaledByOneFactorWithinTheRange() {
        float[] view = new Augmenter(0.1f, 0f, 7).augment(WINDOW, "AAPL", 1_000L);
        double factor = view[0] / WINDOW[0];
        assertThat(factor).isBetween(0.9, 1.1);
        for (int i = 0; i < WINDOW.length; i++) {
            assertThat(view[i]).isEqualTo((float) (WINDOW[i] * factor));
        }
    }

    @Test
    void theSameWindowAlwaysGetsTheSameViewAndOthersGetOtherViews() {
        Augmenter a = new Augmenter(0.1f, 0.05f, 7);
        float[] first = a.augment(WINDOW, "AAPL", 1_000L);
        assertThat(new Augmenter(0.1f, 0.05f, 7).augment(WINDOW, "AAPL", 1_000L))
                .containsExactly(first);
        assertThat(a.augment(WINDOW, "AAPL", 2_000L)).isNotEqualTo(first);
        assertThat(a.augment(WINDOW, "MSFT", 1_000L)).isNotEqualTo(first);
        assertThat(new Augmenter(0.1f, 0.05f, 8).augment(WINDOW, "AAPL", 1_000L))
                .isNotEqualTo(first);
        assertThat(WINDOW).containsExactly(1f, -2f, 0.5f, 3f, -1f, 0f);
    }

    @Test
    void zeroScaleAndZeroJitterGiveTheWindowItself() {
        assertThat(new Augmenter(0f, 0f, 1).augment(WINDOW, "X", 5L)).containsExactly(WINDOW);
    }

    @Test
    void outOfRangeSettingsNameTheKey() {
        assertThatThrownBy(() -> new Augmenter(1f, 0f, 0))
                .hasMessage("positive.augment.scale=1.0 must be in [0, 1)");
        assertThatThrownBy(() -> new Augmenter(0f, -1f, 0))
                .hasMessage("positive.augment.jitter=-1.0 must be a finite number >= 0");
    }
}
