package io.hardneg.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardneg.bars.BarTime;
import io.hardneg.mining.Negative;
import java.util.Locale;

/**
 * Writes the statistics record of one bank key and interval as JSON (schema 1, {@code
 * kafka-config/schemas/stats.v1.schema.json}). Values that do not exist for an interval (the mean
 * loss without any positive, the quantiles of an empty distribution) are written as {@code null}.
 */
public final class StatsJson {
    /** Version of the statistics layout; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** The {@code type} field, which tells statistics apart from other records. */
    public static final String TYPE = "stats";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsJson() {}

    static String write(String bankKey, StatsInterval interval) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.put("type", TYPE);
        root.put("bankKey", bankKey);
        root.put("intervalStart", BarTime.format(interval.start));
        root.put("intervalEnd", BarTime.format(interval.end));
        root.put("anchors", interval.anchors);
        root.put("anchorsWithPositive", interval.anchorsWithPositive);
        number(root, "meanLoss", interval.meanLoss());
        quantiles(root.putObject("positiveSimilarity"), interval.positiveSimilarities());
        ObjectNode negatives = root.putObject("negativeSimilarity");
        for (Negative.Kind kind : Negative.Kind.values()) {
            quantiles(negatives.putObject(kindName(kind)), interval.negativeSimilarities(kind));
        }
        root.put("semiHardEmpty", interval.semiHardEmpty);
        number(root, "semiHardEmptyRate", interval.semiHardEmptyRate());
        ObjectNode guards = root.putObject("guards");
        guards.put("exclusion", interval.exclusionHits);
        guards.put("maxSimilarity", interval.maxSimilarityHits);
        guards.put("symbolGroup", interval.symbolGroupHits);
        guards.put("rankSkip", interval.rankSkipHits);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write statistics as JSON", e);
        }
    }

    /** The name of a kind as results write it: {@code hard}, {@code semi-hard}, ... */
    static String kindName(Negative.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void quantiles(ObjectNode node, double[] sorted) {
        node.put("count", sorted.length);
        for (int percent : StatsInterval.PERCENTILES) {
            number(
                    node,
                    String.format(Locale.ROOT, "p%02d", percent),
                    StatsInterval.quantile(sorted, percent));
        }
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
