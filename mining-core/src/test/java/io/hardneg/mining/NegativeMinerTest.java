package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases on a 2-D bank. */
class NegativeMinerTest {

    private static final float[] ANCHOR = {1f, 0f};

    /**
     * Anchor X bar 10, a = (1, 0). Bank (similarity = first component):
     *
     * <pre>
     *   X bar 9  (0.8, 0.6)  s = 0.8   positive (lag 1)
     *   X bar 8  (1, 0)      s = 1.0   excluded: |10 - 8| = 2 < radius 3
     *   Y bar 5  (0.6, 0.8)  s = 0.6
     *   Y bar 6  (0, 1)      s = 0.0
     *   Z bar 1  (-1, 0)     s = -1.0
     * </pre>
     */
    private static MemoryBank handBank() {
        MemoryBank bank = new MemoryBank(8, 2);
        bank.add(entry("X", 9, 0.8f, 0.6f));
        bank.add(entry("X", 8, 1f, 0f));
        bank.add(entry("Y", 5, 0.6f, 0.8f));
        bank.add(entry("Y", 6, 0f, 1f));
        bank.add(entry("Z", 1, -1f, 0f));
        return bank;
    }

    private static BankEntry entry(String symbol, long bar, float x, float y) {
        return new BankEntry(symbol, 1_000L * bar, bar, new float[] {x, y}, "v1");
    }

    private static MiningParams params(int topK, int semiHard, float maxSimilarity) {
        // margin 0.9: band is (0.8 - 0.9, 0.8) = (-0.1, 0.8); tau 0.5; radius 3; lag 1.
        return new MiningParams(topK, semiHard, 0.9f, 0.5f, 3, 1, maxSimilarity);
    }

    private static MiningResult mine(MemoryBank bank, MiningParams p) {
        return new NegativeMiner(p, 2).mine(bank, "X", 10_000L, 10, ANCHOR);
    }

    @Test
    void topOneHardAndOneSemiHardWithHandComputedInfoNce() {
        MiningResult r = mine(handBank(), params(1, 1, 1f));

        // Eligible by similarity: Y5 0.6, Y6 0.0, Z1 -1.0. Hard (K = 1): Y5. Band (-0.1, 0.8)
        // holds Y5 and Y6; Y5 is already hard, so the semi-hard one is Y6.
        assertThat(r.negatives())
                .extracting(Negative::symbol, Negative::barIndex, Negative::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Y", 5L, Negative.Kind.HARD),
                        org.assertj.core.groups.Tuple.tuple("Y", 6L, Negative.Kind.SEMI_HARD));
        assertThat(r.negatives().get(0).similarity()).isEqualTo(0.6f);
        assertThat(r.negatives().get(1).similarity()).isEqualTo(0f);
        assertThat(r.hasPositive()).isTrue();
        assertThat(r.positive().barIndex()).isEqualTo(9L);
        assertThat(r.positiveSimilarity()).isEqualTo(0.8f);
        assertThat(r.semiHardAvailable()).isTrue();
        assertThat(r.exclusionHits()).isEqualTo(1);
        assertThat(r.maxSimilarityHits()).isZero();
        assertThat(r.eligibleCount()).isEqualTo(3);
        assertThat(r.bankSize()).isEqualTo(5);

        // Logits z = (0.8, 0.6, 0.0) / 0.5 = (1.6, 1.2, 0.0).
        // sum exp = 4.953032 + 3.320117 + 1 = 9.273149; logsumexp = 2.227123.
        // loss = 2.227123 - 1.6 = 0.627123.
        assertThat(r.loss()).isCloseTo(0.627123057, within(1e-6));
        // weights = exp(z) / 9.273149 = (0.534126, 0.358036, 0.107838).
        assertThat(r.weights())
                .containsExactly(
                        new double[] {0.534126243, 0.358035528, 0.107838229}, within(1e-6));
        // gradient = (1/0.5) * (w0 p + w1 n1 + w2 n2 - p) = 2 * ((w0 - 1) p + w1 n1 + w2 n2)
        //   x: 2 * (-0.465874 * 0.8 + 0.358036 * 0.6 + 0.107838 * 0) = -0.315755
        //   y: 2 * (-0.465874 * 0.6 + 0.358036 * 0.8 + 0.107838 * 1) =  0.229485
        assertThat(r.gradient())
                .containsExactly(new float[] {-0.3157554f, 0.2294848f}, within(1e-6f));
    }

    @Test
    void maxSimilarityGuardDropsEntriesAboveItButNotThePositive() {
        // maxSimilarity 0.5 drops Y5 (0.6); the positive (0.8) is not a candidate and not counted.
        MiningResult r = mine(handBank(), params(1, 1, 0.5f));

        assertThat(r.maxSimilarityHits()).isEqualTo(1);
        assertThat(r.exclusionHits()).isEqualTo(1);
        assertThat(r.eligibleCount()).isEqualTo(2);
        // Hard: Y6 (0.0). The band's only eligible member, Y6, is hard: no semi-hard one.
        assertThat(r.negatives())
                .extracting(Negative::barIndex, Negative::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6L, Negative.Kind.HARD));
        assertThat(r.semiHardAvailable()).isTrue();
    }

    @Test
    void semiHardOnlyWhenTopKIsZero() {
        MiningResult r = mine(handBank(), params(0, 5, 1f));

        assertThat(r.negatives())
                .extracting(Negative::barIndex, Negative::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5L, Negative.Kind.SEMI_HARD),
                        org.assertj.core.groups.Tuple.tuple(6L, Negative.Kind.SEMI_HARD));
    }

    @Test
    void withoutPositiveThereIsNoBandAndNoLoss() {
        MiningResult r =
                new NegativeMiner(params(2, 2, 1f), 2).mine(handBank(), "Q", 50_000L, 50, ANCHOR);

        assertThat(r.hasPositive()).isFalse();
        assertThat(r.positive()).isNull();
        assertThat(r.positiveSimilarity()).isNaN();
        assertThat(r.loss()).isNaN();
        assertThat(r.weights()).isNull();
        assertThat(r.gradient()).isNull();
        assertThat(r.semiHardAvailable()).isFalse();
        // Nothing is excluded for symbol Q: hard = X8 (1.0), X9 (0.8).
        assertThat(r.negatives())
                .extracting(Negative::symbol, Negative::barIndex)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("X", 8L),
                        org.assertj.core.groups.Tuple.tuple("X", 9L));
    }

    @Test
    void positiveWithoutNegativesHasZeroLossAndZeroGradient() {
        MemoryBank bank = new MemoryBank(4, 2);
        bank.add(entry("X", 9, 0.8f, 0.6f));

        MiningResult r = mine(bank, params(3, 3, 1f));

        assertThat(r.negatives()).isEmpty();
        assertThat(r.loss()).isEqualTo(0.0);
        assertThat(r.weights()).containsExactly(1.0);
        assertThat(r.gradient()).containsExactly(0f, 0f);
    }

    @Test
    void emptyBankYieldsNothing() {
        MiningResult r = mine(new MemoryBank(4, 2), params(3, 3, 1f));

        assertThat(r.negatives()).isEmpty();
        assertThat(r.bankSize()).isZero();
        assertThat(r.eligibleCount()).isZero();
        assertThat(r.hasPositive()).isFalse();
    }

    @Test
    void anchorAlreadyInTheBankIsNeverItsOwnNegative() {
        MemoryBank bank = handBank();
        bank.add(new BankEntry("X", 10_000L, 10, ANCHOR.clone(), "v1"));

        // Radius 0: only the anchor itself must be skipped; X8 (1.0) is then the top negative.
        MiningResult r =
                new NegativeMiner(new MiningParams(10, 0, 0.1f, 0.5f, 0, 1, 1f), 2)
                        .mine(bank, "X", 10_000L, 10, ANCHOR);

        assertThat(r.negatives()).extracting(Negative::barIndex).containsExactly(8L, 5L, 6L, 1L);
        assertThat(r.eligibleCount()).isEqualTo(4);
        assertThat(r.bankSize()).isEqualTo(6);
    }

    @Test
    void equalSimilaritiesAreOrderedByWindowId() {
        MemoryBank bank = new MemoryBank(8, 2);
        bank.add(new BankEntry("B", 5L, 1, new float[] {0f, 1f}, "v1"));
        bank.add(new BankEntry("A", 9L, 1, new float[] {0f, 1f}, "v1"));
        bank.add(new BankEntry("A", 7L, 2, new float[] {0f, 1f}, "v1"));
        bank.add(new BankEntry("C", 1L, 1, new float[] {-1f, 0f}, "v1"));

        MiningResult r =
                new NegativeMiner(new MiningParams(3, 0, 0.1f, 1f, 0, 1, 1f), 2)
                        .mine(bank, "Q", 100L, 100, ANCHOR);

        assertThat(r.negatives())
                .extracting(Negative::symbol, Negative::endTime)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("A", 7L),
                        org.assertj.core.groups.Tuple.tuple("A", 9L),
                        org.assertj.core.groups.Tuple.tuple("B", 5L));
    }

    @Test
    void everyCandidateGuardedOut() {
        // maxSimilarity -0.99 drops everything above it: Y5, Y6, and Z1 (-1.0) stays.
        MiningResult r = mine(handBank(), params(3, 3, -0.99f));
        assertThat(r.negatives()).extracting(Negative::barIndex).containsExactly(1L);

        MemoryBank bank = new MemoryBank(4, 2);
        bank.add(entry("X", 9, 0.8f, 0.6f));
        bank.add(entry("X", 8, 1f, 0f));
        bank.add(entry("Y", 1, 0.6f, 0.8f));
        MiningResult none = mine(bank, params(3, 3, 0.5f));
        assertThat(none.negatives()).isEmpty();
        assertThat(none.eligibleCount()).isZero();
        assertThat(none.exclusionHits()).isEqualTo(1);
        assertThat(none.maxSimilarityHits()).isEqualTo(1);
        assertThat(none.semiHardAvailable()).isFalse();
        assertThat(none.loss()).isEqualTo(0.0);
    }

    @Test
    void resultIsASnapshotUnaffectedByLaterAdds() {
        MemoryBank bank = handBank();
        MiningResult r = mine(bank, params(1, 1, 1f));
        List<Negative> before = List.copyOf(r.negatives());

        for (int i = 0; i < 10; i++) {
            bank.add(entry("W", 100 + i, 0f, -1f));
        }
        r.gradient()[0] = 42f;

        assertThat(r.negatives()).isEqualTo(before);
        assertThat(r.gradient()[0]).isNotEqualTo(42f);
    }

    @Test
    void rejectsMismatchedDimsAndNonUnitAnchors() {
        NegativeMiner miner = new NegativeMiner(params(1, 1, 1f), 2);
        assertThatThrownBy(() -> miner.mine(new MemoryBank(4, 3), "X", 1, 1, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dim 3");
        assertThatThrownBy(() -> miner.mine(new MemoryBank(4, 2), "X", 1, 1, new float[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalise before adding");
        assertThatThrownBy(() -> new NegativeMiner(params(1, 1, 1f), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void aGivenPositiveReplacesTheLaggedOneAndTheLaggedWindowStaysExcluded() {
        // Positive given: the anchor's augmented view (0.6, 0.8), s = 0.6. X bar 9 is no longer
        // the positive; at |10 - 9| = 1 < radius 3 it is excluded, like X bar 8 (2 hits).
        // Eligible: Y5 0.6, Y6 0.0, Z1 -1.0. Hard (K = 1): Y5 (tie with the positive's 0.6).
        // Band (0.6 - 0.9, 0.6) = (-0.3, 0.6) holds Y6 only (0.6 is not < 0.6).
        BankEntry augmented = new BankEntry("X", 10_000L, 10, new float[] {0.6f, 0.8f}, "v1");
        MiningResult r =
                new NegativeMiner(params(1, 1, 1f), 2)
                        .mine(handBank(), "X", 10_000L, 10, ANCHOR, 0, augmented);

        assertThat(r.positive()).isEqualTo(augmented);
        assertThat(r.positiveSimilarity()).isEqualTo(0.6f);
        assertThat(r.exclusionHits()).isEqualTo(2);
        assertThat(r.negatives())
                .extracting(Negative::symbol, Negative::barIndex, Negative::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Y", 5L, Negative.Kind.HARD),
                        org.assertj.core.groups.Tuple.tuple("Y", 6L, Negative.Kind.SEMI_HARD));
        // InfoNCE at tau 0.5 over logits (1.2, 1.2, 0.0): loss = -1.2 + ln(2 e^1.2 + 1).
        double expected = -1.2 + Math.log(2 * Math.exp(1.2) + 1);
        assertThat(r.loss()).isCloseTo(expected, within(1e-6));
        // The similarities are float32 (0.6f), hence the tolerance.
        assertThat(r.weights()[0]).isCloseTo(Math.exp(1.2) / (2 * Math.exp(1.2) + 1), within(1e-6));
    }

    @Test
    void aGroupWhoseAddsWrapTheRingSeesTheAnchorsAddedBeforeEachOne() {
        // 300 slots in blocks of 256 and 44; 290 entries of (1, 0). A group of 20 anchors (0, 1),
        // each of its own symbol, is added one by one: adds 11 to 20 wrap to slots 0 to 9 in
        // block 0, which must be scanned again, and block 1 keeps its similarities from before.
        MemoryBank bank = new MemoryBank(300, 2);
        for (int i = 0; i < 290; i++) {
            bank.add(new BankEntry("OLD", 1_000L * i, i, new float[] {1f, 0f}, "v1"));
        }
        List<float[]> anchors = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            anchors.add(new float[] {0f, 1f});
        }
        MiningParams p = new MiningParams(3, 0, 0.5f, 0.5f, 0, 1, 1f);
        NegativeMiner miner = new NegativeMiner(p, 2);
        miner.beginGroup(bank, anchors);
        MiningResult last = null;
        for (int i = 0; i < 20; i++) {
            last =
                    miner.mineInGroup(
                            i,
                            bank,
                            "S" + i,
                            1_000_000L,
                            500,
                            anchors.get(i),
                            bank.totalAdded(),
                            null);
            MiningAssertions.assertSame(
                    last,
                    new NegativeMiner(p, 2)
                            .mine(
                                    bank,
                                    "S" + i,
                                    1_000_000L,
                                    500,
                                    anchors.get(i),
                                    bank.totalAdded()));
            bank.add(new BankEntry("S" + i, 1_000_000L, 500, anchors.get(i), "v1"));
        }
        miner.endGroup();
        float[] first = anchors.get(0);
        assertThatThrownBy(
                        () -> miner.mineInGroup(0, bank, "S0", 1_000_000L, 500, first, 310, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "anchor 0 is not in the group begun last (0 anchors): call beginGroup with"
                                + " this anchor's embedding first");
        // The last anchor sees the 19 added before it at similarity 1 (the old entries at 0); ties
        // are ordered by symbol, so S0 and S1 (slots 290, 291) and S10, in slot 0 of block 0:
        // with block 0's similarities from before the group it would be S2.
        assertThat(last.negatives())
                .extracting(Negative::symbol, Negative::similarity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("S0", 1f),
                        org.assertj.core.groups.Tuple.tuple("S1", 1f),
                        org.assertj.core.groups.Tuple.tuple("S10", 1f));
    }
}
