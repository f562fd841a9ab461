package io.hardneg.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output of {@link MiningFunction} that carries one {@link AnchorStat} per anchor. */
public final class AnchorStats {
    public static final OutputTag<AnchorStat> TAG =
            new OutputTag<>("anchor-stats", TypeInformation.of(AnchorStat.class));

    private AnchorStats() {}
}
