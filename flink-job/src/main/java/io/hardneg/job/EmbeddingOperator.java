package io.hardneg.job;

import io.hardneg.encoder.Embeddings;
import io.hardneg.encoder.EncoderException;
import io.hardneg.encoder.EncoderModel;
import io.hardneg.encoder.OnnxWindowEncoder;
import io.hardneg.encoder.SharedEncoders;
import io.hardneg.window.MarketWindow;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Embeds windows (input 1) in micro-batches and switches models when one is announced (input 2).
 *
 * <p>A batch runs when it reaches {@code encoder.batch.max-size} windows, when its oldest window
 * has waited {@code encoder.batch.max-wait.ms}, and always before a watermark or a checkpoint
 * barrier passes, so no window is held in a checkpoint and none falls behind the watermark.
 * Embeddings are normalised to unit length; a window whose output cannot be (zero or not finite) is
 * counted and dropped from mining. All subtasks of one process share one ONNX Runtime session per
 * model ({@link SharedEncoders}).
 *
 * <p>An announced model is read, checked against its sha256 and opened on a background thread; the
 * operator thread switches to it between two batches, so every window of a batch is embedded by one
 * model and carries that model's version. A model that fails its checksum or does not fit the
 * windows is rejected with a WARN line and counted; the current model stays. The applied and the
 * last received announcement are kept in operator state, so a restore resumes with the same model.
 */
public final class EmbeddingOperator extends AbstractStreamOperator<EmbeddedWindow>
        implements TwoInputStreamOperator<MarketWindow, ModelAnnouncement, EmbeddedWindow>,
                BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    private final EncoderSpec spec;
    private final int maxBatch;
    private final long maxWaitMs;
    private final Augmenter augmenter;

    private transient SharedEncoders.Lease lease;
    private transient OnnxWindowEncoder encoder;
    private transient String version;
    private transient ModelAnnouncement applied;
    private transient ModelAnnouncement received;
    private transient ListState<ModelAnnouncement> modelState;
    private transient ExecutorService loader;
    private transient AtomicReference<Swap> ready;

    private transient MarketWindow[] batch;
    private transient long[] timestamps;
    private transient float[][] inputs;
    private transient int size;
    private transient boolean timerSet;
    private transient Counter embedded;
    private transient Counter invalidOutputs;
    private transient Counter inferenceErrors;
    private transient Counter swaps;
    private transient Counter rejectedModels;
    private transient Histogram batchSizes;
    private transient Histogram batchLatencyMicros;

    /** A verified, opened model waiting for the operator thread to switch to it. */
    private record Swap(ModelAnnouncement announcement, SharedEncoders.Lease lease) {}

    public EmbeddingOperator(EncoderSpec spec, int maxBatch, long maxWaitMs) {
        this(spec, maxBatch, maxWaitMs, null);
    }

    /** With an augmenter, each window's augmented view is embedded too, as its positive. */
    public EmbeddingOperator(EncoderSpec spec, int maxBatch, long maxWaitMs, Augmenter augmenter) {
        this.augmenter = augmenter;
        this.spec = spec;
        this.maxBatch = maxBatch;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        modelState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "model-announcements",
                                        TypeInformation.of(ModelAnnouncement.class)));
        List<ModelAnnouncement> restored = new ArrayList<>();
        modelState.get().forEach(restored::add);
        // Every subtask stored the same pair [applied, received]; any one copy will do.
        if (restored.size() >= 2) {
            applied = restored.get(0).version == null ? null : restored.get(0);
            received = restored.get(1).version == null ? null : restored.get(1);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        var group = getMetricGroup().addGroup("encoder");
        embedded = group.counter("windowsEmbedded");
        invalidOutputs = group.counter("invalidOutputs");
        inferenceErrors = group.counter("inferenceErrors");
        swaps = group.counter("modelSwaps");
        rejectedModels = group.counter("rejectedModels");
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        batchLatencyMicros =
                group.histogram("batchLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        group.gauge("modelVersion", () -> version);

        lease = spec.acquire();
        encoder = lease.encoder();
        version = encoder.modelVersion();
        ready = new AtomicReference<>();
        loader =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "hardneg-model-loader");
                            t.setDaemon(true);
                            return t;
                        });
        // After a restore: the model that was in use, or one that was still loading.
        for (ModelAnnouncement a : new ModelAnnouncement[] {received, applied}) {
            if (a != null) {
                try {
                    switchTo(a, load(a));
                    break;
                } catch (Exception e) {
                    LOG.warn("Restored model {} cannot be used: {}", a, e.getMessage());
                }
            }
        }
        batch = new MarketWindow[maxBatch];
        timestamps = new long[maxBatch];
        inputs = new float[maxBatch][];
    }

    @Override
    public void processElement1(StreamRecord<MarketWindow> element) throws Exception {
        batch[size] = element.getValue();
        timestamps[size] = element.getTimestamp();
        inputs[size] = element.getValue().values;
        size++;
        if (size == maxBatch || maxWaitMs == 0) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMs;
            getProcessingTimeService().registerTimer(due, time -> onMaxWait());
        }
    }

    @Override
    public void processElement2(StreamRecord<ModelAnnouncement> element) {
        ModelAnnouncement a = element.getValue();
        if (a.equals(received) || a.equals(applied)) {
            return;
        }
        received = a;
        loader.submit(
                () -> {
                    try {
                        Swap previous = ready.getAndSet(new Swap(a, load(a)));
                        if (previous != null) {
                            previous.lease().close();
                        }
                    } catch (Exception e) {
                        rejectedModels.inc();
                        LOG.warn("Model {} rejected, keeping {}: {}", a, version, e.getMessage());
                    }
                });
    }

    private SharedEncoders.Lease load(ModelAnnouncement a) throws Exception {
        Path path =
                a.location.startsWith("file:")
                        ? Path.of(URI.create(a.location))
                        : Path.of(a.location);
        EncoderModel model = EncoderModel.fromFile(path);
        if (!model.sha256().equals(a.sha256)) {
            throw new EncoderException(
                    "checksum mismatch for "
                            + path
                            + ": the file's sha256 is "
                            + model.sha256()
                            + " but the announcement says "
                            + a.sha256
                            + "; publish the file's checksum or the right file");
        }
        return spec.acquire(model);
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
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        modelState.update(
                List.of(
                        applied == null ? new ModelAnnouncement() : applied,
                        received == null ? new ModelAnnouncement() : received));
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flush();
        }
    }

    private void flush() throws Exception {
        if (size > 0) {
            embedBatch();
        }
        Swap swap = ready.getAndSet(null);
        if (swap != null) {
            switchTo(swap.announcement(), swap.lease());
        }
    }

    private void switchTo(ModelAnnouncement a, SharedEncoders.Lease next) {
        SharedEncoders.Lease old = lease;
        lease = next;
        encoder = next.encoder();
        version = a.version;
        applied = a;
        swaps.inc();
        old.close();
        LOG.info("Switched the encoder to model {}", a);
    }

    private void embedBatch() throws Exception {
        long start = System.nanoTime();
        float[][] outputs;
        float[][] views = null;
        float[][] viewOutputs = null;
        try {
            outputs = encoder.embed(inputs, size);
            if (augmenter != null) {
                views = new float[size][];
                for (int i = 0; i < size; i++) {
                    views[i] = augmenter.augment(inputs[i], batch[i].symbol, batch[i].endTime);
                }
                viewOutputs = encoder.embed(views, size);
            }
        } catch (Exception e) {
            // The task fails with the cause; batches are flushed before every checkpoint barrier,
            // so
            // the restart replays these windows from the last checkpoint and nothing is lost.
            inferenceErrors.inc();
            throw e;
        }
        batchLatencyMicros.update((System.nanoTime() - start) / 1000);
        batchSizes.update(size);
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
                out.values = w.values;
                if (viewOutputs != null && Embeddings.normalizeInPlace(viewOutputs[i])) {
                    out.positiveEmbedding = viewOutputs[i];
                    out.positiveValues = views[i];
                }
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
        if (loader != null) {
            loader.shutdownNow();
        }
        Swap pending = ready == null ? null : ready.getAndSet(null);
        if (pending != null) {
            pending.lease().close();
        }
        if (lease != null) {
            lease.close();
        }
        super.close();
    }
}
