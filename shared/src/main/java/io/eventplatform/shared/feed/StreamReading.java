package io.eventplatform.shared.feed;

import java.time.Duration;

/** How a stream reader paces its reads; each service maps these from its own configuration. */
public interface StreamReading {

    /**
     * Least time between two reads of one shard while changes flow. AWS serves 5 GetRecords per
     * second per shard, shared by at most two readers: 400 ms keeps two readers within it.
     */
    Duration pollInterval();

    /** Read spacing once nothing has changed for {@link #idleAfter()}: a quiet stream costs fewer calls. */
    Duration idlePollInterval();

    /** How long without changes before reads slow to {@link #idlePollInterval()}; the next change resets it. */
    Duration idleAfter();

    /** How often the shard list is refreshed to find children of split or closed shards. */
    Duration shardDiscoveryInterval();

    /** First wait after a throttled call; doubles up to {@link #maxBackoff()}. */
    Duration initialBackoff();

    /** Longest wait between retries of a throttled or failing call. */
    Duration maxBackoff();
}
