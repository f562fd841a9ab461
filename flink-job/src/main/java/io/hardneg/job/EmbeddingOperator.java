package io.hardneg.job;

import io.hardneg.encoder.Embeddings;
import io.hardneg.encoder.OnnxWindowEncoder;
import io.hardneg.encoder.SharedEncoders;
import io.hardneg.window.MarketWindow;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Embeds windows in micro-batches: a batch runs when it reaches {@code encoder.batch.max-size}
 * windows, when its oldest window has waited {@code encoder.batch.max-wait.ms}, and always before a
 * watermark or a checkpoint barrier passes, so no window is held in a checkpoint and no window
 * falls behind the watermark. Embeddings are normalised to unit length; a window whose output
 * cannot be (zero or not finite) is counted and dropped from mining.
 */
public final class EmbeddingOperator extends AbstractStreamOperator<EmbeddedWindow>
        implements OneInputStreamOperator<MarketWindow, EmbeddedWindow>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final EncoderSpec spec;
    private final int maxBatch;
    private final long maxWaitMs;

    private transient SharedEncoders.Lease lease;
    private transient OnnxWindowEncoder encoder;
    private transient MarketWindow[] batch;
    private transient long[] timestamps;
    private transient float[][] inputs;
    private transient int size;
    private transient boolean timerSet;
    private transient Counter embedded;
    private transient Counter invalidOutputs;
    private transient Histogram batchSizes;
    private transient Histogram batchLatencyMicros;

    public EmbeddingOperator(EncoderSpec spec, int maxBatch, long maxWaitMs) {
        this.spec = spec;
        this.maxBatch = maxBatch;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        lease = spec.acquire();
        encoder = lease.encoder();
        batch = new MarketWindow[maxBatch];
        timestamps = new long[maxBatch];
        inputs = new float[maxBatch][];
        var group = getMetricGroup().addGroup("encoder");
        embedded = group.counter("windowsEmbedded");
        invalidOutputs = group.counter("invalidOutputs");
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        batchLatencyMicros =
                group.histogram("batchLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        group.gauge("modelVersion", () -> encoder.modelVersion());
    }

    @Override
    public void processElement(StreamRecord<MarketWindow> element) throws Exception {
        batch[size] = element.getValue();
        timestamps[size] = element.getTimestamp();
        inputs[size] = element.getValue().values;
        size++;
        if (size == maxBatch) {
            flush();
        } else if (!timerSet && maxWaitMs > 0) {
            timerSet = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMs;
            getProcessingTimeService().registerTimer(due, time -> onMaxWait());
        } else if (maxWaitMs == 0) {
            flush();
        }
    }

    private void onMaxWait() throws Exception {
        timerSet = false;
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    private void flush() throws Exception {
        if (size == 0) {
            return;
        }
        long start = System.nanoTime();
        float[][] outputs = encoder.embed(inputs, size);
        batchLatencyMicros.update((System.nanoTime() - start) / 1000);
        batchSizes.update(size);
        String version = encoder.modelVersion();
        for (int i = 0; i < size; i++) {
            MarketWindow w = batch[i];
            float[] e = outputs[i];
            if (!Embeddings.normalizeInPlace(e)) {
                invalidOutputs.inc();
            } else {
                EmbeddedWindow out = new EmbeddedWindow();
                out.symbol = w.symbol;
                out.endTime = w.endTime;
                out.startTime = w.startTime;
                out.barIndex = w.barIndex;
                out.embedding = e;
                out.modelVersion = version;
                output.collect(new StreamRecord<>(out, timestamps[i]));
                embedded.inc();
            }
            batch[i] = null;
            inputs[i] = null;
        }
        size = 0;
    }

    @Override
    public void close() throws Exception {
        if (lease != null) {
            lease.close();
        }
        super.close();
    }
}
