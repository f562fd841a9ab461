package io.hardneg.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the model stream: always the end of time, so the rare announcements never hold back
 * the bars' watermark in the two-input embedding operator.
 */
final class ModelWatermarks {
    private ModelWatermarks() {}

    static WatermarkStrategy<ModelAnnouncement> never() {
        return WatermarkStrategy.forGenerator(
                ctx ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(
                                    ModelAnnouncement event, long timestamp, WatermarkOutput out) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput out) {
                                out.emitWatermark(new Watermark(Long.MAX_VALUE));
                            }
                        });
    }
}
