package io.eventplatform.shared.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the Kinesis source reads the table's Kinesis data stream; each service maps these from its
 * own configuration. Pacing and back-off come from {@link StreamReading}.
 */
public interface KinesisReading {

    /** ARN of the Kinesis data stream that the table streams into. */
    Optional<String> streamArn();

    /** Kinesis endpoint (a local Kinesis-protocol server); AWS's regional endpoint when absent. */
    Optional<URI> endpointOverride();

    /**
     * Enhanced fan-out: this instance registers its own consumer and has records pushed over
     * HTTP/2 (SubscribeToShard), 2 MB/s per shard for each consumer. Off: it polls with
     * GetRecords, whose 5 reads and 2 MB per second per shard all readers share.
     */
    boolean fanOut();

    /** Prefix of every consumer this service registers; stale consumers are looked for under it. */
    String consumerPrefix();

    /** This instance's consumer name after the prefix; the host name and process id when absent. */
    Optional<String> consumerName();

    /** SubscribeToShard ends after 5 minutes; each shard is subscribed anew from its last record this often. */
    Duration resubscribeInterval();

    /** How often this instance stamps its consumer's {@code last-seen} tag. */
    Duration heartbeatInterval();

    /** A consumer under the prefix whose {@code last-seen} is older than this belongs to a dead instance. */
    Duration staleConsumerAfter();

    /** Consumers a stream may have (AWS: 20); registering beyond it fails start-up with a clear message. */
    int maxConsumers();

    /** How long start-up waits for the consumer to become ACTIVE. */
    Duration consumerActiveTimeout();

    /** Changes remembered to drop the destination's duplicate records. */
    int duplicateMemory();
}
