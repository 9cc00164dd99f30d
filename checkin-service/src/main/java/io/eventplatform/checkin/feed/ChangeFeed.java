package io.eventplatform.checkin.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveEvents;
import io.eventplatform.checkin.tracing.Tracing;
import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.feed.DynamoDbStreamSource;
import io.eventplatform.shared.feed.ItemChange;
import io.eventplatform.shared.feed.KinesisClients;
import io.eventplatform.shared.feed.KinesisStreamSource;
import io.eventplatform.shared.feed.StreamSource;
import io.eventplatform.shared.feed.StreamsClientFactory;
import io.eventplatform.shared.item.ItemTrace;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts this instance's stream reader at startup and feeds live state with it, from the engine
 * {@code checkin.stream.source} names: the table's DynamoDB stream, or the Kinesis data stream the
 * table streams into. Its lag (how long ago the feed was last known current, see
 * {@link StreamSource#iteratorAgeMillis()}) is the gauge {@code stream.iterator.age.millis}
 * (Prometheus {@code stream_iterator_age_millis}), which the instance publishes to CloudWatch as
 * {@code EventPlatform/StreamIteratorAgeMillis}, and readiness fails beyond {@code checkin.stream.max-lag}.
 * While tracing, each change that carries its writer's trace context is delivered in a span of that trace.
 */
@ApplicationScoped
public class ChangeFeed {

    private final DynamoDbClient dynamoDb;
    private final StreamsClientFactory clients;
    private final TableConfig table;
    private final CheckinConfig config;
    private final LiveEvents liveEvents;
    private final MeterRegistry meters;
    private final Tracing tracing;
    private volatile StreamSource source;

    public ChangeFeed(DynamoDbClient dynamoDb, StreamsClientFactory clients, TableConfig table, CheckinConfig config,
            LiveEvents liveEvents, MeterRegistry meters, Tracing tracing) {
        this.dynamoDb = dynamoDb;
        this.clients = clients;
        this.table = table;
        this.config = config;
        this.liveEvents = liveEvents;
        this.meters = meters;
        this.tracing = tracing;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.stream().enabled()) {
            Log.info("stream reader disabled (checkin.stream.enabled=false): dashboards get no live changes");
            return;
        }
        StreamSource started = switch (config.stream().source()) {
            case DYNAMODB_STREAMS -> new DynamoDbStreamSource(clients.create(), this::tableStreamArn, config.stream());
            case KINESIS -> new KinesisStreamSource(KinesisClients.create(config.stream().kinesis(), clients),
                    config.stream().kinesis(), config.stream());
        };
        started.onMissedChanges(liveEvents::reloadAll);
        started.start(this::deliver);
        source = started;
        Gauge.builder("stream.iterator.age.millis", started, StreamSource::iteratorAgeMillis)
                .description("How long ago the change feed was last known to be current (ms): the time since a read"
                        + " found nothing new, or the age of the newest record delivered; grows while reads fail")
                .register(meters);
        Log.infof("reading change feed of %s from now on (%s)", table.name(), config.stream().source());
    }

    /**
     * Hands a batch to live state in order. While tracing, a change that carries its writer's trace
     * context (ItemTrace) is delivered on its own inside a span continuing that trace; the others
     * go together as one batch, as they always do with tracing off.
     */
    void deliver(List<ItemChange> changes) {
        if (!tracing.enabled()) {
            onChanges(ChangeRecords.toEvents(changes));
            return;
        }
        List<DomainEvent> untraced = new ArrayList<>();
        for (ItemChange change : changes) {
            List<DomainEvent> events = ChangeRecords.toEvents(change.oldImage(), change.newImage());
            SpanContext writer = events.isEmpty() ? null : ItemTrace.writtenBy(change.oldImage(), change.newImage());
            if (writer == null) {
                untraced.addAll(events);
                continue;
            }
            onChanges(untraced);
            untraced = new ArrayList<>();
            tracing.delivery(writer, events.get(0).eventId(), change.changedAt(), () -> liveEvents.onChanges(events));
        }
        onChanges(untraced);
    }

    private void onChanges(List<DomainEvent> events) {
        if (!events.isEmpty()) {
            liveEvents.onChanges(events);
        }
    }

    private String tableStreamArn() {
        String streamArn = dynamoDb.describeTable(r -> r.tableName(table.name())).table().latestStreamArn();
        if (streamArn == null) {
            throw new IllegalStateException("table " + table.name() + " has no stream; enable NEW_AND_OLD_IMAGES");
        }
        return streamArn;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        StreamSource current = source;
        if (current != null) {
            current.close();
        }
    }

    /** Whether changes written from now on will reach live state. */
    public boolean positioned() {
        StreamSource current = source;
        return current != null && current.positioned();
    }

    /** How far behind the table live state is, in milliseconds (the gauge's value); 0 before the reader starts. */
    public long lagMillis() {
        StreamSource current = source;
        return current == null ? 0 : current.iteratorAgeMillis();
    }

    /** Why the reader's reads are failing right now, if they are. */
    public Optional<String> readProblem() {
        StreamSource current = source;
        return current == null ? Optional.empty() : current.readProblem();
    }
}
