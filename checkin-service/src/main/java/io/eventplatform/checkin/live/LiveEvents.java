package io.eventplatform.checkin.live;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.eventplatform.checkin.checkin.CheckInRepository;
import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.feed.Attendee;
import io.eventplatform.checkin.feed.ChangeRecords;
import io.eventplatform.checkin.feed.DomainEvent;
import io.eventplatform.shared.item.EventItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * This instance's live events, fed by the change feed. An event is loaded from the table the
 * first time a socket or search needs it and then kept fresh by the feed; one nobody watched for
 * a while is dropped. The epoch (a random id per instance start) scopes sequence numbers; a
 * dashboard that comes back with another instance's epoch resumes by the shard position it sends
 * (which every instance agrees on), or gets a fresh snapshot.
 */
@ApplicationScoped
public class LiveEvents {

    /** WebSocket close code for a server going away: clients reconnect, reaching another instance. */
    public static final int GOING_AWAY = 1001;
    private static final Duration IDLE_EVICTION = Duration.ofMinutes(15);
    private static final int MAX_CATCH_UP = 50_000;

    private final CheckInRepository repository;
    private final LiveMessages messages;
    private final CheckinConfig.Live config;
    private final Counter deliveries;
    private final String epoch = UUID.randomUUID().toString();
    private final ConcurrentHashMap<String, LiveEvent> events = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();
    /** The feed's last changes, to apply what a freshly loaded (eventually consistent) baseline missed. */
    private final ArrayDeque<Timed> recentChanges = new ArrayDeque<>();
    private volatile long nextEviction = System.nanoTime();

    private record Timed(long nanos, DomainEvent event) {
    }

    public LiveEvents(CheckInRepository repository, LiveMessages messages, CheckinConfig config, MeterRegistry meters) {
        this.repository = repository;
        this.deliveries = Counter.builder("checkin.dashboard.deliveries")
                .description("Deltas queued to dashboard sockets (one per socket per delta)")
                .register(meters);
        this.messages = messages;
        this.config = config.live();
        // Read at each scrape: the sockets attached to the events held here, by kind.
        Gauge.builder("checkin.sockets.open", this, live -> live.openSockets(LiveEvent::dashboardCount))
                .description("Open live sockets").tag("kind", "dashboard").register(meters);
        Gauge.builder("checkin.sockets.open", this, live -> live.openSockets(LiveEvent::kioskCount))
                .description("Open live sockets").tag("kind", "kiosk").register(meters);
    }

    private double openSockets(ToIntFunction<LiveEvent> count) {
        return events.values().stream().mapToInt(count).sum();
    }

    /** Applies a batch from the change feed to the events held here. */
    public void onChanges(List<DomainEvent> changes) {
        long now = System.nanoTime();
        synchronized (recentChanges) {
            for (DomainEvent change : changes) {
                recentChanges.addLast(new Timed(now, change));
            }
            long horizon = now - config.catchUpWindow().toNanos();
            while (!recentChanges.isEmpty()
                    && (recentChanges.size() > MAX_CATCH_UP || recentChanges.peekFirst().nanos() < horizon)) {
                recentChanges.removeFirst();
            }
        }
        for (DomainEvent change : changes) {
            LiveEvent live = events.get(change.eventId());
            if (live != null) {
                live.apply(change);
            }
        }
        releaseOverdue(now);
        if (now >= nextEviction) {
            nextEviction = now + Duration.ofMinutes(1).toNanos();
            long idleSince = now - IDLE_EVICTION.toNanos();
            events.entrySet().removeIf(entry -> entry.getValue().idleSince(idleSince));
        }
    }

    /** Every second, so a change waiting for a predecessor that never comes is not held up by a quiet feed. */
    void startReleasing(@Observes StartupEvent startup, Vertx vertx) {
        vertx.setPeriodic(1000, id -> releaseOverdue(System.nanoTime()));
    }

    private void releaseOverdue(long now) {
        for (LiveEvent live : events.values()) {
            live.releaseOverdue(now);
        }
    }

    /** The live state of an event, loading it on first use; empty if the event does not exist. */
    public Optional<LiveEvent> live(String eventId) {
        LiveEvent live = events.get(eventId);
        if (live != null && live.ready()) {
            return Optional.of(live);
        }
        Optional<EventItem> event = repository.event(eventId);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        // Each (re)load numbers from 0 again, so it gets an epoch of its own: an evicted and reloaded
        // event must never accept a resume point of its earlier life.
        LiveEvent created = events.computeIfAbsent(eventId, id -> new LiveEvent(id,
                epoch + "." + generations.incrementAndGet(), messages,
                config.resumeBuffer(), config.recentCheckIns(), config.arrivalMinutes(), deliveries::increment));
        synchronized (created.loadLock) {
            if (!created.ready()) {
                // Registered before reading, so changes arriving during the read are buffered, not lost.
                List<Attendee> baseline = repository.registrationsOf(eventId).stream().map(ChangeRecords::attendee)
                        .toList();
                // After the baseline: every change in it is stamped at or below these revisions.
                long[] shardRevisions = repository.shardRevisions(eventId);
                created.load(event.get().name(), baseline, shardRevisions, catchUp(eventId));
                Log.debugf("loaded live state of %s: %d registrations", eventId, baseline.size());
            }
        }
        return Optional.of(created);
    }

    private List<DomainEvent> catchUp(String eventId) {
        List<DomainEvent> matching = new ArrayList<>();
        synchronized (recentChanges) {
            for (Timed timed : recentChanges) {
                if (timed.event().eventId().equals(eventId)) {
                    matching.add(timed.event());
                }
            }
        }
        return matching;
    }

    /**
     * The feed may have missed changes, so what is held here may be stale: every event is dropped
     * and its sockets closed with 1013 (try again later). Reconnecting dashboards get the event read
     * afresh from the table: a snapshot, or an empty resume when their position shows they missed
     * nothing; kiosks get a fresh welcome and resend unanswered scans with the same requestId.
     */
    public void reloadAll() {
        int closed = 0;
        for (String eventId : List.copyOf(events.keySet())) {
            LiveEvent dropped = events.remove(eventId);
            if (dropped != null) {
                for (Outbox socket : dropped.sockets()) {
                    socket.close(LiveEvent.TRY_AGAIN_LATER, "live state reloaded, reconnect");
                    closed++;
                }
            }
        }
        Log.warnf("change feed may have missed changes: live state dropped, %d sockets asked to reconnect", closed);
    }

    /**
     * Closes every socket with 1001 as soon as shutdown starts (before HTTP draining), so clients
     * reconnect to another instance instead of holding on to this one.
     */
    void shutdownStarts(@Observes ShutdownDelayInitiatedEvent shutdown) {
        closeAll();
    }

    /** Whatever is still open when shutdown proper begins (shutdown delay disabled). */
    void shutdown(@Observes @Priority(1) ShutdownEvent shutdown) {
        closeAll();
    }

    private void closeAll() {
        int closed = 0;
        for (LiveEvent live : events.values()) {
            for (Outbox socket : live.sockets()) {
                socket.close(GOING_AWAY, "server shutting down");
                closed++;
            }
        }
        if (closed > 0) {
            Log.infof("closed %d live sockets with 1001 for shutdown", closed);
        }
    }
}
