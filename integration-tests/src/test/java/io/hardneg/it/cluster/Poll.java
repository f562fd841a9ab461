package io.hardneg.it.cluster;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waits on the processes of the cluster suite: Awaitility, polling on the calling thread at a fixed
 * interval. A condition that throws ends the wait with that exception (a process that died is
 * reported at once, not at the deadline); a timeout is a {@code ConditionTimeoutException}, which
 * callers turn into a message naming what did not happen.
 */
final class Poll {
    private Poll() {}

    static ConditionFactory every(Duration interval, Duration timeout) {
        return Awaitility.await()
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(interval)
                .atMost(timeout);
    }
}
