package io.hardneg.job;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import java.io.Serializable;

/** What a result record carries besides ids, similarities and the loss, and how vectors look. */
public record ResultFormat(
        boolean base64, boolean embeddings, boolean windows, int channels, int length)
        implements Serializable {
    public static ResultFormat from(HardnegConfig config) {
        return new ResultFormat(
                config.get(HardnegOptions.RESULT_VECTOR_ENCODING).equals(VectorCodec.BASE64_F32LE),
                config.get(HardnegOptions.RESULT_INCLUDE_EMBEDDINGS),
                config.get(HardnegOptions.RESULT_INCLUDE_WINDOWS),
                config.get(HardnegOptions.FEATURES).size(),
                config.get(HardnegOptions.WINDOW_LENGTH));
    }

    /** Everything, as arrays: the layout of the first hardneg versions. */
    public static ResultFormat arrays() {
        return new ResultFormat(false, true, false, 0, 0);
    }
}
