package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncoderOptionsTest {

    @Test
    void defaultsAreAutoWithOneThreadEach() {
        assertThat(EncoderOptions.defaults()).isEqualTo(new EncoderOptions("auto", 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "cpu", "cuda", "cuda:0", "cuda:3"})
    void acceptsTheDocumentedDevices(String device) {
        assertThat(new EncoderOptions(device, 1, 1).device()).isEqualTo(device);
    }

    @Test
    void cudaIndexIsParsed() {
        assertThat(new EncoderOptions("cuda", 1, 1).cudaDeviceIndex()).isEqualTo(0);
        assertThat(new EncoderOptions("cuda:3", 1, 1).cudaDeviceIndex()).isEqualTo(3);
        assertThat(new EncoderOptions("cpu", 1, 1).cudaDeviceIndex()).isEqualTo(-1);
        assertThat(new EncoderOptions("auto", 1, 1).cudaDeviceIndex()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "CPU", "cuda:", "cuda:x", "cuda:-1", " cpu", ""})
    void rejectsOtherDevicesNamingTheKeyAndTheForms(String device) {
        assertThatThrownBy(() -> new EncoderOptions(device, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + device + "'")
                .hasMessageContaining("encoder.device")
                .hasMessageContaining("auto, cpu, cuda, cuda:N");
    }

    @Test
    void rejectsNullDevice() {
        assertThatThrownBy(() -> new EncoderOptions(null, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoder.device");
    }

    @Test
    void rejectsThreadCountsBelowOne() {
        assertThatThrownBy(() -> new EncoderOptions("cpu", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intraOpThreads must be at least 1, got 0");
        assertThatThrownBy(() -> new EncoderOptions("cpu", 1, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interOpThreads must be at least 1, got -2");
    }
}
