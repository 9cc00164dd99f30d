package io.eventplatform.shared.feed;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the table's changes come from. Each reader reads all of them (broadcast, no leases),
 * starting at "now" so a restart does not replay history: the table's DynamoDB stream
 * ({@link DynamoDbStreamSource}, two readers per shard), or the Kinesis data stream the table
 * streams into ({@link KinesisStreamSource}, one enhanced fan-out consumer per reader).
 */
public interface StreamSource extends AutoCloseable {

    /** Starts reading on a thread of its own; {@code sink} gets each batch in per-item order, once. */
    void start(Consumer<List<ItemChange>> sink);

    /**
     * What to run, on the reader's thread, when changes may have been missed (the stream was
     * replaced, or records aged out before they were read): state built from the feed must then be
     * rebuilt from the table. Set before {@link #start}. Sources that cannot tell never call it.
     */
    default void onMissedChanges(Runnable listener) {
    }

    /**
     * How far behind the table the feed is, in milliseconds: how long ago it was last known to be
     * current (each source says exactly how it knows). Grows while reads fail, written to or not.
     */
    long iteratorAgeMillis();

    /** Why reads are failing right now (throttled, an expired iterator, a timeout), for the readiness check. */
    default Optional<String> readProblem() {
        return Optional.empty();
    }

    /** Whether every known shard has an iterator, i.e. changes written from now on will be seen. */
    boolean positioned();

    /** Stops reading and releases the client. */
    @Override
    void close();
}
