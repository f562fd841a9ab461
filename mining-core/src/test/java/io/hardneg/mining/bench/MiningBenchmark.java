package io.hardneg.mining.bench;

import io.hardneg.mining.Anchor;
import io.hardneg.mining.BankEntry;
import io.hardneg.mining.MemoryBank;
import io.hardneg.mining.MiningParams;
import io.hardneg.mining.MiningResult;
import io.hardneg.mining.NegativeMiner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Exact mining of one anchor at a time, one thread: queries per second for a full bank of N x D
 * unit vectors (Gaussian, normalised, as in /work/shared/bench/mining_anchor.py), top-10. The
 * anchor's symbol has a positive in the bank, so InfoNCE is included. {@code mineBatch32} mines 32
 * anchors per call with {@link NegativeMiner#mineBatch} and reports anchors per second; {@code
 * mineGroup32} mines 32 anchors as the job mines the windows of 32 symbols that end at the same
 * time: similarities computed for the group in one pass ({@link NegativeMiner#beginGroup}), then
 * each anchor mined and added to the bank before the next ({@link NegativeMiner#mineInGroup});
 * {@code mineOneByOne32} does the same with a search per anchor. See BENCHMARKS.md for the command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class MiningBenchmark {

    /** Bank capacity x embedding dimension. */
    @Param({"4096x32", "65536x32", "65536x128"})
    public String bank;

    @Param({"0"})
    public int semiHardCount;

    private static final int SYMBOLS = 64;
    private static final int QUERIES = 256;
    private static final int BATCH = 32;

    private MemoryBank memoryBank;
    private NegativeMiner miner;
    private float[][] anchors;
    private long[] anchorBars;
    private int next;
    private List<List<Anchor>> batches;
    private int nextBatch;
    private final List<List<float[]>> groupEmbeddings = new ArrayList<>();
    private long nextGroupBar;

    @Setup
    public void setUp() {
        String[] shape = bank.split("x");
        int n = Integer.parseInt(shape[0]);
        int dim = Integer.parseInt(shape[1]);
        Random random = new Random(7);
        memoryBank = new MemoryBank(n, dim);
        for (int i = 0; i < n; i++) {
            memoryBank.add(
                    new BankEntry(
                            "S" + (i % SYMBOLS),
                            60_000L * (i / SYMBOLS),
                            i / SYMBOLS,
                            unit(random, dim),
                            "v1"));
        }
        anchors = new float[QUERIES][];
        anchorBars = new long[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            anchors[q] = unit(random, dim);
            anchorBars[q] = n / SYMBOLS;
        }
        batches = new ArrayList<>();
        for (int b = 0; b < QUERIES / BATCH; b++) {
            List<Anchor> batch = new ArrayList<>();
            for (int q = b * BATCH; q < (b + 1) * BATCH; q++) {
                batch.add(
                        new Anchor(
                                "S0", 60_000L * anchorBars[q], anchorBars[q], anchors[q], n + q));
            }
            batches.add(batch);
            groupEmbeddings.add(batch.stream().map(Anchor::unitEmbedding).toList());
        }
        nextGroupBar = n / SYMBOLS;
        miner = new NegativeMiner(new MiningParams(10, semiHardCount, 0.2f, 0.1f, 5, 1, 1f), dim);
    }

    @Benchmark
    public MiningResult mineOneAnchor() {
        int q = next;
        next = (q + 1) % QUERIES;
        return miner.mine(memoryBank, "S0", 60_000L * anchorBars[q], anchorBars[q], anchors[q]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public MiningResult[] mineBatch32() {
        int b = nextBatch;
        nextBatch = (b + 1) % batches.size();
        return miner.mineBatch(memoryBank, batches.get(b));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public MiningResult mineGroup32() {
        return mineTimer(true);
    }

    /** As {@link #mineGroup32}, each anchor searched on its own: the job's way before groups. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public MiningResult mineOneByOne32() {
        return mineTimer(false);
    }

    /**
     * One timer of the job: 32 symbols' windows ending at the same bar, each mined and then added
     * to the bank, which is full, so each add evicts the oldest entry.
     */
    private MiningResult mineTimer(boolean grouped) {
        int b = nextBatch;
        nextBatch = (b + 1) % batches.size();
        long bar = nextGroupBar++;
        int firstSymbol = (int) (bar % 2) * BATCH;
        List<float[]> embeddings = groupEmbeddings.get(b);
        if (grouped) {
            miner.beginGroup(memoryBank, embeddings);
        }
        MiningResult last = null;
        for (int i = 0; i < BATCH; i++) {
            String symbol = "S" + (firstSymbol + i);
            float[] anchor = embeddings.get(i);
            last =
                    grouped
                            ? miner.mineInGroup(
                                    i,
                                    memoryBank,
                                    symbol,
                                    60_000L * bar,
                                    bar,
                                    anchor,
                                    memoryBank.totalAdded(),
                                    null)
                            : miner.mine(memoryBank, symbol, 60_000L * bar, bar, anchor);
            memoryBank.add(new BankEntry(symbol, 60_000L * bar, bar, anchor, "v1"));
        }
        return last;
    }

    private static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        double sumSq = 0;
        for (int d = 0; d < dim; d++) {
            v[d] = (float) random.nextGaussian();
            sumSq += (double) v[d] * v[d];
        }
        float inv = (float) (1 / Math.sqrt(sumSq));
        for (int d = 0; d < dim; d++) {
            v[d] *= inv;
        }
        return v;
    }
}
