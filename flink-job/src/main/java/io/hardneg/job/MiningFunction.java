package io.hardneg.job;

import io.hardneg.mining.BankEntry;
import io.hardneg.mining.MemoryBank;
import io.hardneg.mining.MiningParams;
import io.hardneg.mining.MiningResult;
import io.hardneg.mining.NegativeMiner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per bank key: holds embedded windows until the watermark passes their end time, then mines them
 * in (end time, symbol) order against the bank and adds each to the bank after it is mined. The
 * order depends only on the data, so results do not depend on arrival order, parallelism or
 * restarts.
 *
 * <p>The bank lives in keyed state as one map entry per ring slot plus a count of entries ever
 * added, so adding a window writes one slot instead of the whole bank. Searching uses an in-memory
 * {@link MemoryBank} per key, rebuilt from that state the first time a key is seen after a
 * (re)start.
 */
public final class MiningFunction extends KeyedProcessFunction<String, EmbeddedWindow, KeyedJson> {
    private static final long serialVersionUID = 1L;

    /**
     * Anchors of one timer whose similarities to the bank are computed together (a pass over the
     * bank per four of them instead of one each), at most; fewer when their similarity arrays
     * ({@code 4 * capacity} bytes each) would pass {@link #GROUP_BYTES}.
     */
    private static final int GROUP = 32;

    /** Heap for a group's similarity arrays: 32 anchors up to a capacity of 65,536. */
    private static final long GROUP_BYTES = 8L << 20;

    private final MiningParams params;
    private final int capacity;
    private final int dim;
    private final boolean evictOnNewModel;
    private final ResultFormat format;

    /**
     * Anchors the watermark has not passed yet, as of the last checkpoint: written by {@link
     * #writePending} before each barrier from {@link #waiting}, read when a key is first seen after
     * a (re)start. Appending to it per anchor and reading it per timer was a RocksDB merge, get and
     * delete of ~2.5 KB per anchor, most of them flushed and compacted before the delete came.
     */
    private transient ListState<EmbeddedWindow> pending;

    /**
     * Per bank key, the anchors waiting for their timer; the keyed state mirrors it at barriers.
     */
    private transient Map<String, List<EmbeddedWindow>> waiting;

    /** Keys whose {@link #waiting} list changed since it was last written to {@link #pending}. */
    private transient Set<String> waitingChanged;

    private transient MapState<Integer, BankEntry> slots;
    private transient ValueState<Long> totalAdded;
    private transient ValueState<String> bankVersion;
    private transient MapState<String, Boolean> retiredVersions;
    private transient Map<String, MemoryBank> banks;
    private transient MapState<Integer, float[]> bankWindows;
    private transient Map<String, float[][]> windowsByKey;
    private transient NegativeMiner miner;
    private transient int groupSize;
    private transient ResultJson resultJson;
    private transient Counter anchors;
    private transient Counter semiHardEmpty;
    private transient Counter evictions;
    private transient Histogram latencyMicros;
    private transient LossWindow recentLoss;
    private transient MetricGroup bankGroup;

    public MiningFunction(MiningParams params, int capacity, int dim) {
        this(params, capacity, dim, true, ResultFormat.arrays());
    }

    /**
     * @param evictOnNewModel when a window of a model version the bank has not seen arrives, empty
     *     the bank first and retire the old version ({@code bank.model-policy=evict}); later
     *     windows of a retired version are mined but not added to the bank
     */
    public MiningFunction(
            MiningParams params,
            int capacity,
            int dim,
            boolean evictOnNewModel,
            ResultFormat format) {
        this.evictOnNewModel = evictOnNewModel;
        this.format = format;
        this.params = params;
        this.capacity = capacity;
        this.dim = dim;
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-anchor-list",
                                        TypeInformation.of(EmbeddedWindow.class)));
        slots =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "bank-slots",
                                        Types.INT,
                                        TypeInformation.of(BankEntry.class)));
        totalAdded =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("bank-total-added", Types.LONG));
        bankVersion =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("bank-model-version", Types.STRING));
        retiredVersions =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "bank-retired-model-versions",
                                        Types.STRING,
                                        Types.BOOLEAN));
        bankWindows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "bank-windows",
                                        Types.INT,
                                        PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        windowsByKey = new HashMap<>();
        banks = new HashMap<>();
        waiting = new HashMap<>();
        waitingChanged = new LinkedHashSet<>();
        miner = new NegativeMiner(params, dim);
        groupSize = (int) Math.max(1, Math.min(GROUP, GROUP_BYTES / (4L * capacity)));
        resultJson = new ResultJson();
        var group = getRuntimeContext().getMetricGroup().addGroup("mining");
        anchors = group.counter("anchors");
        semiHardEmpty = group.counter("semiHardEmpty");
        evictions = group.counter("bankEvictions");
        latencyMicros = group.histogram("latencyMicros", new DescriptiveStatisticsHistogram(1000));
        recentLoss = new LossWindow(1000);
        group.gauge("meanLoss", (Gauge<Double>) recentLoss::mean);
        bankGroup = group.addGroup("bank");
    }

    @Override
    public void processElement(EmbeddedWindow window, Context ctx, Collector<KeyedJson> out)
            throws Exception {
        String key = ctx.getCurrentKey();
        waitingOf(key).add(window);
        waitingChanged.add(key);
        ctx.timerService().registerEventTimeTimer(window.endTime);
    }

    /** The anchors of a key waiting for their timer, read from keyed state on first use. */
    private List<EmbeddedWindow> waitingOf(String key) throws Exception {
        List<EmbeddedWindow> list = waiting.get(key);
        if (list == null) {
            list = new ArrayList<>();
            Iterable<EmbeddedWindow> stored = pending.get();
            if (stored != null) {
                stored.forEach(list::add);
            }
            waiting.put(key, list);
        }
        return list;
    }

    /**
     * Writes the waiting anchors of every key whose list changed since the last call to keyed
     * state, switching the current key with {@code setKey}; the operator calls it before each
     * barrier, so every checkpoint holds the anchors its timers will mine.
     */
    void writePending(Consumer<String> setKey) throws Exception {
        for (String key : waitingChanged) {
            setKey.accept(key);
            List<EmbeddedWindow> list = waiting.get(key);
            if (list.isEmpty()) {
                pending.clear();
            } else {
                // A copy: a heap backend keeps the list object, which later anchors would change.
                pending.update(new ArrayList<>(list));
            }
        }
        waitingChanged.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedJson> out)
            throws Exception {
        // Timers fire in time order, so the anchors at or before this timer's time are exactly
        // those of its time (and any that arrived late); later ones wait for their own timer.
        String key = ctx.getCurrentKey();
        List<EmbeddedWindow> all = waitingOf(key);
        List<EmbeddedWindow> due = new ArrayList<>();
        List<EmbeddedWindow> later = new ArrayList<>();
        for (EmbeddedWindow w : all) {
            (w.endTime <= timestamp ? due : later).add(w);
        }
        if (due.isEmpty()) {
            return;
        }
        waiting.put(key, later);
        waitingChanged.add(key);
        due.sort(
                Comparator.comparingLong((EmbeddedWindow w) -> w.endTime)
                        .thenComparing(w -> w.symbol));
        MemoryBank bank = bank(key);
        long groupNanosEach = 0;
        for (int i = 0; i < due.size(); i++) {
            EmbeddedWindow w = due.get(i);
            boolean addToBank = true;
            if (evictOnNewModel) {
                String current = bankVersion.value();
                if (current == null) {
                    bankVersion.update(w.modelVersion);
                } else if (!current.equals(w.modelVersion)) {
                    if (retiredVersions.contains(w.modelVersion)) {
                        // A straggler embedded by the old model on another subtask just before
                        // it switched: mined, but kept out of the new model's bank.
                        addToBank = false;
                    } else {
                        retiredVersions.put(current, Boolean.TRUE);
                        bankVersion.update(w.modelVersion);
                        bank = evict(key, bank);
                    }
                }
            }
            BankEntry augmented =
                    w.positiveEmbedding == null
                            ? null
                            : new BankEntry(
                                    w.symbol,
                                    w.endTime,
                                    w.barIndex,
                                    w.positiveEmbedding,
                                    w.modelVersion);
            long started = System.nanoTime();
            if (i % groupSize == 0) {
                // The next anchors' similarities to the bank in one pass over it; each is
                // still mined against the bank as it is after the anchors before it were added.
                int end = Math.min(due.size(), i + groupSize);
                List<float[]> embeddings = new ArrayList<>(end - i);
                for (int j = i; j < end; j++) {
                    embeddings.add(due.get(j).embedding);
                }
                miner.beginGroup(bank, embeddings);
                // The pass is shared: each anchor of the group is charged its part.
                groupNanosEach = (System.nanoTime() - started) / (end - i);
                started = System.nanoTime();
            }
            MiningResult result =
                    miner.mineInGroup(
                            i % groupSize,
                            bank,
                            w.symbol,
                            w.endTime,
                            w.barIndex,
                            w.embedding,
                            bank.totalAdded(),
                            augmented);
            latencyMicros.update((System.nanoTime() - started + groupNanosEach) / 1000);
            anchors.inc();
            if (result.hasPositive()) {
                recentLoss.add(result.loss());
            }
            if (result.hasPositive() && !result.semiHardAvailable()) {
                semiHardEmpty.inc();
            }
            ResultJson.Windows inBank = windowsOf(key, augmented, w.positiveValues);
            out.collect(
                    new KeyedJson(
                            ResultJson.windowId(w.symbol, w.endTime),
                            resultJson.write(key, w, result, format, inBank),
                            ResultJson.SCHEMA_VERSION,
                            w.modelVersion));
            ctx.output(AnchorStats.TAG, AnchorStat.of(key, w.endTime, result));
            BankEntry entry =
                    new BankEntry(w.symbol, w.endTime, w.barIndex, w.embedding, w.modelVersion);
            if (addToBank) {
                int slot = bank.add(entry);
                slots.put(slot, entry);
                if (format.windows()) {
                    windowsByKey.get(key)[slot] = w.values;
                    bankWindows.put(slot, w.values);
                }
            }
        }
        miner.endGroup();
        totalAdded.update(bank.totalAdded());
    }

    private int sizeOf(String key) {
        MemoryBank bank = banks.get(key);
        return bank == null ? 0 : bank.size();
    }

    /** Empties the bank of a key: its embeddings came from another model. */
    private MemoryBank evict(String key, MemoryBank old) throws Exception {
        if (old.size() == 0) {
            return old;
        }
        MemoryBank fresh = new MemoryBank(capacity, dim);
        banks.put(key, fresh);
        slots.clear();
        bankWindows.clear();
        windowsByKey.put(key, new float[capacity][]);
        totalAdded.clear();
        evictions.inc();
        return fresh;
    }

    /**
     * The encoder inputs of a key's bank entries by the slot the miner read them from, and the
     * augmented positive's (in no slot) as given; none for synthetic negatives.
     */
    private ResultJson.Windows windowsOf(String key, BankEntry augmented, float[] augmentedValues) {
        float[][] windows = windowsByKey.get(key);
        return (e, slot) -> slot >= 0 ? windows[slot] : e == augmented ? augmentedValues : null;
    }

    /** The in-memory bank of a key, rebuilt from keyed state on first use after a start. */
    private MemoryBank bank(String key) throws Exception {
        MemoryBank bank = banks.get(key);
        if (bank != null) {
            return bank;
        }
        bank = new MemoryBank(capacity, dim);
        Long total = totalAdded.value();
        if (total != null) {
            for (Map.Entry<Integer, BankEntry> e : slots.entries()) {
                bank.restoreSlot(e.getKey(), e.getValue());
            }
            bank.restoreTotalAdded(total);
        }
        float[][] windows = new float[capacity][];
        if (format.windows() && total != null) {
            for (Map.Entry<Integer, float[]> e : bankWindows.entries()) {
                windows[e.getKey()] = e.getValue();
            }
        }
        windowsByKey.put(key, windows);
        if (!banks.containsKey(key)) {
            // One gauge per bank key this subtask owns: mining.bank.<key>.size.
            bankGroup.addGroup(key).gauge("size", (Gauge<Integer>) () -> sizeOf(key));
        }
        banks.put(key, bank);
        return bank;
    }
}
