package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class MiningAssertions {

    private MiningAssertions() {}

    static void assertMatches(MiningResult actual, BruteForceOracle.Expected expected) {
        assertThat(actual.negatives()).isEqualTo(expected.negatives());
        assertThat(actual.hasPositive()).isEqualTo(expected.positive() != null);
        assertThat(actual.positive()).isEqualTo(expected.positive());
        assertThat(Float.compare(actual.positiveSimilarity(), expected.positiveSim())).isZero();
        assertThat(actual.semiHardAvailable()).isEqualTo(expected.semiHardAvailable());
        assertThat(actual.eligibleCount()).isEqualTo(expected.eligibleCount());
        assertThat(actual.bankSize()).isEqualTo(expected.bankSize());
        assertThat(actual.exclusionHits()).isEqualTo(expected.exclusionHits());
        assertThat(actual.maxSimilarityHits()).isEqualTo(expected.maxSimilarityHits());
        assertThat(actual.rankSkipHits()).isEqualTo(expected.rankSkipHits());
        assertThat(actual.symbolGroupHits()).isEqualTo(expected.symbolGroupHits());
        double[] iw = actual.importanceWeights();
        assertThat(iw).hasSameSizeAs(expected.importanceWeights());
        for (int i = 0; i < iw.length; i++) {
            assertThat(iw[i]).isCloseTo(expected.importanceWeights()[i], within(tolerance(iw[i])));
        }
        if (Double.isNaN(expected.weightedLoss())) {
            assertThat(actual.weightedLoss()).isNaN();
        } else {
            assertThat(actual.weightedLoss())
                    .isCloseTo(expected.weightedLoss(), within(tolerance(expected.weightedLoss())));
        }
        if (expected.positive() == null) {
            assertThat(actual.loss()).isNaN();
            assertThat(actual.weights()).isNull();
            assertThat(actual.gradient()).isNull();
            return;
        }
        assertThat(actual.loss()).isCloseTo(expected.loss(), within(tolerance(expected.loss())));
        double[] w = actual.weights();
        assertThat(w).hasSameSizeAs(expected.weights());
        for (int i = 0; i < w.length; i++) {
            assertThat(w[i]).isCloseTo(expected.weights()[i], within(tolerance(w[i])));
        }
        float[] g = actual.gradient();
        assertThat(g).hasSize(expected.gradient().length);
        for (int d = 0; d < g.length; d++) {
            // The gradient is rounded to float once at the end: allow one float rounding.
            double e = expected.gradient()[d];
            assertThat((double) g[d]).isCloseTo(e, within(1e-6 * Math.max(1.0, Math.abs(e))));
        }
    }

    /**
     * Each negative's slot holds that very entry in the bank the result was mined from (-1 exactly
     * for synthetic ones); the positive's too, -1 when it was {@code given} or there is none.
     */
    static void assertSlotsHoldEntries(MiningResult r, MemoryBank bank, BankEntry given) {
        for (int i = 0; i < r.negatives().size(); i++) {
            Negative n = r.negatives().get(i);
            if (n.kind() == Negative.Kind.SYNTHETIC) {
                assertThat(r.slot(i)).isEqualTo(-1);
            } else {
                assertThat(r.slot(i)).isBetween(0, bank.size() - 1);
                assertThat(bank.entry(r.slot(i))).isEqualTo(n.entry());
            }
        }
        if (!r.hasPositive() || given != null) {
            assertThat(r.positiveSlot()).isEqualTo(-1);
        } else {
            assertThat(bank.entry(r.positiveSlot())).isEqualTo(r.positive());
        }
    }

    /** Two runs of the miner on equivalent banks must agree exactly. */
    static void assertSame(MiningResult a, MiningResult b) {
        assertThat(a.negatives()).isEqualTo(b.negatives());
        assertThat(a.positive()).isEqualTo(b.positive());
        assertThat(Float.compare(a.positiveSimilarity(), b.positiveSimilarity())).isZero();
        assertThat(a.semiHardAvailable()).isEqualTo(b.semiHardAvailable());
        assertThat(a.eligibleCount()).isEqualTo(b.eligibleCount());
        assertThat(a.bankSize()).isEqualTo(b.bankSize());
        assertThat(a.exclusionHits()).isEqualTo(b.exclusionHits());
        assertThat(a.maxSimilarityHits()).isEqualTo(b.maxSimilarityHits());
        assertThat(a.rankSkipHits()).isEqualTo(b.rankSkipHits());
        assertThat(a.symbolGroupHits()).isEqualTo(b.symbolGroupHits());
        assertThat(Double.compare(a.loss(), b.loss())).isZero();
        assertThat(Double.compare(a.weightedLoss(), b.weightedLoss())).isZero();
        assertThat(a.importanceWeights()).isEqualTo(b.importanceWeights());
        assertThat(a.weights()).isEqualTo(b.weights());
        assertThat(a.gradient()).isEqualTo(b.gradient());
    }

    private static double tolerance(double expected) {
        return 1e-9 * Math.max(1.0, Math.abs(expected));
    }
}
