package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LossWindowTest {

    @Test
    void meanOfTheLastValuesOnly() {
        LossWindow w = new LossWindow(3);
        assertThat(w.mean()).isNaN();
        w.add(1.0);
        w.add(2.0);
        assertThat(w.mean()).isEqualTo(1.5);
        w.add(3.0);
        w.add(7.0); // 1.0 drops out
        assertThat(w.mean()).isEqualTo(4.0);
        w.add(Double.NaN); // an anchor without a positive has no loss
        assertThat(w.mean()).isEqualTo(4.0);
        w.add(0.5);
        w.add(0.5);
        assertThat(w.mean()).isEqualTo((7.0 + 0.5 + 0.5) / 3);
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new LossWindow(0)).hasMessageContaining("got 0");
    }
}
