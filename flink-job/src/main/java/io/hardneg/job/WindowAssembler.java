package io.hardneg.job;

import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarTime;
import io.hardneg.bars.RejectReason;
import io.hardneg.window.MarketWindow;
import io.hardneg.window.SeriesState;
import io.hardneg.window.WindowBuilder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Per symbol: holds bars until the watermark passes them, then appends them in event-time order and
 * emits a window every stride bars. A bar at a time already seen is a duplicate (the first one
 * wins); a bar behind the watermark is late. Both go to the dead letters.
 *
 * <p>Each symbol's series and pending bars live on the heap between checkpoints ({@link
 * SeriesCache}) and are written to keyed state (RocksDB) in {@link #prepareSnapshotPreBarrier},
 * before the barrier passes, so a checkpoint or savepoint holds the complete state. Reading and
 * writing keyed state per bar cost a RocksDB get and put of the ~1.8 KB series and four map
 * operations on the pending bars; now a symbol's state is read once, on its first bar after a start
 * or restore, and written once per checkpoint in which it changed. The timers are Flink's (heap
 * timers, checkpointed with the keyed state); timer service and state names are those of the {@code
 * KeyedProcessFunction} this operator replaced, so savepoints taken before still restore.
 */
public final class WindowAssembler extends AbstractStreamOperator<MarketWindow>
        implements OneInputStreamOperator<BarEnvelope, MarketWindow>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /**
     * Heap for cached series per subtask. A symbol costs about {@link #bytesPerSymbol} bytes: 2.1
     * KB at the default window (64 bars, 4 features) plus about 160 bytes per bar waiting for the
     * watermark; so 32 MiB hold some 15,000 symbols, and at the largest window (4,096 bars, 6
     * features) about 230 of them. Past the bound the least recently used symbol is written back to
     * keyed state and dropped from the heap.
     */
    static final long CACHE_BYTES = 32L << 20;

    /** Fewer than this many cached symbols is never imposed, whatever the window size. */
    static final int MIN_CACHED_SYMBOLS = 128;

    private final WindowBuilder builder;

    /** The most symbols cached on the heap; 0: as many as {@link #CACHE_BYTES} hold. */
    private final int maxCachedSymbols;

    private transient MapState<Long, BarEnvelope> pendingState;
    private transient ValueState<SeriesState> seriesState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient SeriesCache cache;
    private transient StreamRecord<MarketWindow> reuse;
    private transient Counter windows;
    private transient Map<RejectReason, Counter> rejected;

    public WindowAssembler(WindowBuilder builder) {
        this(builder, 0);
    }

    /** With a bound on cached symbols other than the one {@link #CACHE_BYTES} gives (tests). */
    WindowAssembler(WindowBuilder builder, int maxCachedSymbols) {
        if (builder == null) {
            throw new IllegalArgumentException("builder is null; pass the job's WindowBuilder");
        }
        if (maxCachedSymbols < 0) {
            throw new IllegalArgumentException(
                    "maxCachedSymbols="
                            + maxCachedSymbols
                            + "; expected 0 (from CACHE_BYTES) or more");
        }
        this.builder = builder;
        this.maxCachedSymbols = maxCachedSymbols;
    }

    /** Heap bytes of one cached symbol without pending bars (arrays, headers and map entries). */
    static long bytesPerSymbol(WindowBuilder builder) {
        long length = builder.length();
        long rows = 16 + 4 * length * builder.channels();
        return rows + (16 + 4 * length) + (16 + 8 * length) + 300;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pendingState =
                getPartitionedState(
                        new MapStateDescriptor<>(
                                "pending-bars", Types.LONG, TypeInformation.of(BarEnvelope.class)));
        seriesState =
                getPartitionedState(
                        new ValueStateDescriptor<>(
                                "series", TypeInformation.of(SeriesState.class)));
        // "user-timers" is the name KeyedProcessOperator gives its timers.
        timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        cache =
                new SeriesCache(
                        maxCachedSymbols > 0
                                ? maxCachedSymbols
                                : (int)
                                        Math.max(
                                                MIN_CACHED_SYMBOLS,
                                                CACHE_BYTES / bytesPerSymbol(builder)));
        reuse = new StreamRecord<>(null);
        windows = getMetricGroup().counter("windows");
        rejected = JobMetrics.rejectCounters(getMetricGroup());
    }

    @Override
    public void processElement(StreamRecord<BarEnvelope> element) throws Exception {
        BarEnvelope envelope = element.getValue();
        Bar bar = envelope.bar;
        CachedSeries s = cache.get((String) getCurrentKey());
        if (s.pending.containsKey(bar.time)) {
            reject(element.getTimestamp(), RejectReason.DUPLICATE, alreadyReceived(bar), envelope);
            return;
        }
        long watermark = timers.currentWatermark();
        if (bar.time <= watermark) {
            // Only here can the bar repeat one already appended: those are all behind the
            // watermark.
            rejectBehind(element.getTimestamp(), envelope, s.series, watermark);
            return;
        }
        // One timer per symbol, at its earliest waiting bar: it appends every bar the watermark
        // has passed and sets the next. A timer per bar cost a third of this operator's time in
        // the timer queue when a backlog let dozens of a symbol's bars wait for one watermark.
        if (s.pending.isEmpty() || bar.time < s.pending.firstKey()) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, bar.time);
        }
        s.pending.put(bar.time, envelope);
        s.pendingChanged = true;
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        CachedSeries s = cache.get(timer.getKey());
        // The timer service has already moved to the watermark that fires this timer.
        long watermark = timers.currentWatermark();
        while (!s.pending.isEmpty() && s.pending.firstKey() <= watermark) {
            append(s, s.pending.pollFirstEntry().getValue());
            s.pendingChanged = true;
        }
        if (!s.pending.isEmpty()) {
            // Later than the watermark; a timer already there (as restored from a savepoint
            // taken with one timer per bar) is not registered twice.
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, s.pending.firstKey());
        }
    }

    /** Appends a bar the watermark has passed, emitting a window when one is due. */
    private void append(CachedSeries s, BarEnvelope envelope) {
        long time = envelope.bar.time;
        if (s.series == null) {
            s.series = builder.newSeries();
        }
        if (time <= s.series.lastTime) {
            // After a restore the watermark starts over, so a bar behind the series can reach
            // this point once; it must not be appended out of order.
            rejectBehind(time, envelope, s.series, s.series.lastTime);
            return;
        }
        MarketWindow window = builder.append(s.series, envelope.bar);
        s.seriesChanged = true;
        if (window != null) {
            windows.inc();
            output.collect(reuse.replace(window, time));
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        throw new IllegalStateException(
                "assemble-windows registers no processing-time timers, yet one fired at "
                        + timer.getTimestamp());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        cache.writeBack();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        // Already written before the barrier; this only guards a snapshot taken without that step
        // (a test harness), and finds nothing to write otherwise.
        cache.writeBack();
        super.snapshotState(context);
    }

    @Override
    public void close() throws Exception {
        if (cache != null) {
            cache.clear();
        }
        super.close();
    }

    /**
     * A bar at or behind what was already appended: a duplicate if its time was seen, else late.
     */
    private void rejectBehind(long timestamp, BarEnvelope envelope, SeriesState s, long passed) {
        Bar bar = envelope.bar;
        if (s != null && seen(s, bar)) {
            reject(timestamp, RejectReason.DUPLICATE, alreadyReceived(bar), envelope);
        } else {
            reject(
                    timestamp,
                    RejectReason.LATE,
                    "bar at "
                            + BarTime.format(bar.time)
                            + " arrived after the watermark passed "
                            + BarTime.format(passed)
                            + "; raise source.out-of-orderness.ms to keep such bars",
                    envelope);
        }
    }

    private static String alreadyReceived(Bar bar) {
        return "a bar of "
                + bar.symbol
                + " at "
                + BarTime.format(bar.time)
                + " was already received";
    }

    /** Whether a bar at this time is still in the ring of recent bars. */
    private static boolean seen(SeriesState s, Bar bar) {
        for (long t : s.times) {
            if (t == bar.time) {
                return true;
            }
        }
        return false;
    }

    private void reject(long timestamp, RejectReason reason, String detail, BarEnvelope envelope) {
        rejected.get(reason).inc();
        output.collect(
                DeadLetters.TAG,
                new StreamRecord<>(
                        DeadLetter.of(
                                reason,
                                detail,
                                envelope.source,
                                envelope.partition,
                                envelope.offset,
                                BarJson.toJson(envelope.bar)),
                        timestamp));
    }

    /** One symbol's state on the heap, and what changed since it was last written back. */
    private static final class CachedSeries {
        final String key;

        /** Null until the symbol's first bar is appended. */
        SeriesState series;

        /** Bars waiting for the watermark, by event time. */
        final TreeMap<Long, BarEnvelope> pending = new TreeMap<>();

        /** Whether keyed state holds pending bars of this symbol (so a write-back must clear). */
        boolean pendingStored;

        boolean seriesChanged;
        boolean pendingChanged;

        CachedSeries(String key) {
            this.key = key;
        }
    }

    /**
     * The cached symbols in least-recently-used order. A symbol is read from keyed state on first
     * touch; the operator's key context is that symbol's at every {@link #get}, so the read needs
     * no switch. Writing back switches the key context and restores it.
     */
    private final class SeriesCache {
        private final int maxSymbols;
        private final LinkedHashMap<String, CachedSeries> symbols;

        SeriesCache(int maxSymbols) {
            this.maxSymbols = maxSymbols;
            this.symbols = new LinkedHashMap<>(Math.min(maxSymbols, 1 << 12) * 2, 0.75f, true);
        }

        /** The symbol's state; the current key must be {@code key}. */
        CachedSeries get(String key) throws Exception {
            CachedSeries s = symbols.get(key);
            if (s != null) {
                return s;
            }
            s = load(key);
            symbols.put(key, s);
            if (symbols.size() > maxSymbols) {
                Iterator<CachedSeries> eldest = symbols.values().iterator();
                CachedSeries evicted = eldest.next();
                eldest.remove();
                write(evicted);
                setCurrentKey(key);
            }
            return s;
        }

        private CachedSeries load(String key) throws Exception {
            CachedSeries s = new CachedSeries(key);
            SeriesState series = seriesState.value();
            // A copy: with a heap state backend the stored object is the backend's own.
            s.series = series == null ? null : series.copy();
            Iterable<Map.Entry<Long, BarEnvelope>> stored = pendingState.entries();
            if (stored != null) { // a heap backend answers null for a key without entries
                for (Map.Entry<Long, BarEnvelope> e : stored) {
                    s.pending.put(e.getKey(), e.getValue());
                }
            }
            s.pendingStored = !s.pending.isEmpty();
            return s;
        }

        /** Writes every changed symbol to keyed state; the symbols stay cached. */
        void writeBack() throws Exception {
            Object current = getCurrentKey();
            boolean switched = false;
            for (CachedSeries s : symbols.values()) {
                if (s.seriesChanged || s.pendingChanged) {
                    write(s);
                    switched = true;
                }
            }
            if (switched && current != null) {
                setCurrentKey(current);
            }
        }

        private void write(CachedSeries s) throws Exception {
            if (!s.seriesChanged && !s.pendingChanged) {
                return;
            }
            setCurrentKey(s.key);
            if (s.seriesChanged) {
                // A copy, so that later appends cannot reach into a heap backend's snapshot.
                seriesState.update(s.series.copy());
                s.seriesChanged = false;
            }
            if (s.pendingChanged) {
                if (s.pendingStored) {
                    pendingState.clear();
                }
                if (!s.pending.isEmpty()) {
                    pendingState.putAll(s.pending);
                }
                s.pendingStored = !s.pending.isEmpty();
                s.pendingChanged = false;
            }
        }

        void clear() {
            symbols.clear();
        }
    }
}
