package io.hardneg.job;

import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs {@link MiningFunction} and writes the anchors it holds on the heap to keyed state before
 * each checkpoint barrier, so that a checkpoint or savepoint holds every anchor still waiting for
 * the watermark. The operator and state names are those of the plain {@link KeyedProcessOperator}
 * it replaced, so savepoints taken before still restore.
 */
public final class MiningOperator extends KeyedProcessOperator<String, EmbeddedWindow, KeyedJson> {
    private static final long serialVersionUID = 1L;

    public MiningOperator(MiningFunction mining) {
        super(mining);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        writePending();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        // Already written before the barrier; this only serves a snapshot taken without that step
        // (a test harness), and finds nothing to write otherwise.
        writePending();
        super.snapshotState(context);
    }

    private void writePending() throws Exception {
        Object current = getCurrentKey();
        ((MiningFunction) userFunction).writePending(this::setCurrentKey);
        if (current != null) {
            setCurrentKey(current);
        }
    }
}
