package io.eventplatform.checkin.live;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

import io.eventplatform.checkin.checkin.ConflictingScan;
import io.eventplatform.checkin.feed.Attendee;
import io.eventplatform.checkin.feed.ChangeRecords;
import io.eventplatform.checkin.feed.DomainEvent;
import io.eventplatform.shared.item.EventShards;
import io.quarkus.logging.Log;

/**
 * What this instance knows live about one event: every registration's state, counts derived
 * from them, the numbered deltas of the last changes (for resuming dashboards) and the sockets
 * watching it. Changes are applied by comparing the held state with the new one, so a change
 * seen twice (stream retry, or already in the loaded baseline) emits nothing.
 *
 * <p>Registration changes stamped with a shard revision ({@link EventShards}) are applied in
 * revision order per shard (the feed orders per item only, so a later revision may come first and
 * waits for its predecessor, at most {@link #HOLD_LIMIT_NANOS}). The revisions applied per shard are
 * this instance's {@code position}: every instance applying the same revisions holds the same
 * changes, which lets a dashboard resume on another instance.
 */
public final class LiveEvent {

    /** WebSocket close code for a client too slow to keep up: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    private final String eventId;
    private final String epoch;
    private final LiveMessages messages;
    private final int resumeBuffer;
    private final int recentCheckIns;
    private final int arrivalMinutes;

    private final Map<String, Attendee> attendees = new HashMap<>();
    private final TreeMap<String, Long> gates = new TreeMap<>();
    private final TreeMap<Long, Long> arrivalsByMinute = new TreeMap<>();
    private final ArrayDeque<Numbered> recentDeltas = new ArrayDeque<>();
    private final Audience dashboards = new Audience();
    private final Set<Outbox> kiosks = new LinkedHashSet<>();
    /** Told how many dashboards each delta was queued to (the deliveries metric). */
    private final IntConsumer deliveries;
    private final List<DomainEvent> pending = new ArrayList<>();
    /** Per shard: the newest revision applied. */
    private final long[] applied = new long[EventShards.COUNT];
    /** Per shard: the newest revision whose delta is not held here (before the load, trimmed, or given up on). */
    private final long[] floor = new long[EventShards.COUNT];
    /** Per shard: stamped changes that came before their predecessor, by revision. */
    private final List<TreeMap<Long, Held>> early = new ArrayList<>();
    /** Held while the baseline is read, apart from the state lock so the feed keeps flowing meanwhile. */
    final Object loadLock = new Object();
    private String eventName;
    private boolean ready;
    private long seq;
    private long checkedIn;
    private long inside;
    private long registered;
    private long waitlisted;
    private long conflicts;
    private volatile long lastUsedNanos = System.nanoTime();

    private record Numbered(long seq, String json, LiveMessages.Delta delta) {
    }

    private record Held(DomainEvent.RegistrationEvent change, long sinceNanos) {
    }

    /** How long a stamped change waits for its predecessor before this instance stops waiting. */
    static final long HOLD_LIMIT_NANOS = 5_000_000_000L;

    LiveEvent(String eventId, String epoch, LiveMessages messages, int resumeBuffer, int recentCheckIns,
            int arrivalMinutes, IntConsumer deliveries) {
        this.eventId = eventId;
        this.deliveries = deliveries;
        this.epoch = epoch;
        this.messages = messages;
        this.resumeBuffer = resumeBuffer;
        this.recentCheckIns = recentCheckIns;
        this.arrivalMinutes = arrivalMinutes;
        for (int shard = 0; shard < EventShards.COUNT; shard++) {
            early.add(new TreeMap<>());
        }
    }

    synchronized boolean ready() {
        return ready;
    }

    /**
     * Sets the baseline read from the table, then applies what the feed brought meanwhile.
     * {@code shardRevisions} were read after the baseline, so the baseline holds no change stamped
     * later: changes up to them are applied to the state alone, later ones are numbered.
     */
    synchronized void load(String name, List<Attendee> baseline, long[] shardRevisions, List<DomainEvent> catchUp) {
        eventName = name;
        System.arraycopy(shardRevisions, 0, applied, 0, EventShards.COUNT);
        System.arraycopy(shardRevisions, 0, floor, 0, EventShards.COUNT);
        for (Attendee attendee : baseline) {
            Attendee held = attendees.get(attendee.registrationId());
            if (held == null || held.version() <= attendee.version()) {
                replace(held, attendee);
            }
        }
        ready = true;
        catchUp.forEach(this::apply);
        List<DomainEvent> meanwhile = List.copyOf(pending);
        pending.clear();
        meanwhile.forEach(this::apply);
    }

    /** Applies one change from the feed; buffered until the baseline is loaded. */
    synchronized void apply(DomainEvent event) {
        touch();
        if (!ready) {
            pending.add(event);
            return;
        }
        if (event instanceof DomainEvent.RegistrationEvent change) {
            Attendee attendee = change.attendee();
            if (attendee.shardRevision() <= 0 || attendee.shard() < 0 || attendee.shard() >= EventShards.COUNT) {
                update(attendee, true);
            } else {
                inShardOrder(change);
            }
        } else if (event instanceof DomainEvent.MaterialPublished material) {
            publish(new LiveMessages.Delta("delta", eventId, 0, material.kind(), null, null, null, Instant.now(),
                    material.materialId(), material.title(), counts(), null, null, null));
        }
    }

    private void inShardOrder(DomainEvent.RegistrationEvent change) {
        Attendee attendee = change.attendee();
        int shard = attendee.shard();
        long revision = attendee.shardRevision();
        if (revision <= applied[shard]) {
            update(attendee, false); // in the baseline, or a repeat: state only, its delta (if any) went out before
        } else if (revision == applied[shard] + 1) {
            update(attendee, true);
            applied[shard] = revision;
            drain(shard);
        } else {
            early.get(shard).putIfAbsent(revision, new Held(change, System.nanoTime()));
        }
    }

    /** Applies the waiting changes that are next in the shard now. */
    private void drain(int shard) {
        TreeMap<Long, Held> waiting = early.get(shard);
        while (!waiting.isEmpty() && waiting.firstKey() <= applied[shard] + 1) {
            Map.Entry<Long, Held> next = waiting.pollFirstEntry();
            boolean isNext = next.getKey() == applied[shard] + 1;
            update(next.getValue().change().attendee(), isNext);
            if (isNext) {
                applied[shard] = next.getKey();
            }
        }
    }

    /**
     * Stops waiting for a predecessor that has not come within the limit: the waiting changes are
     * applied, and resumes from before them get a snapshot here (their gap is not held).
     */
    synchronized void releaseOverdue(long nowNanos) {
        for (int shard = 0; shard < EventShards.COUNT; shard++) {
            TreeMap<Long, Held> waiting = early.get(shard);
            if (!waiting.isEmpty() && nowNanos - waiting.firstEntry().getValue().sinceNanos() > HOLD_LIMIT_NANOS) {
                long first = waiting.firstKey();
                Log.warnf("event %s shard %d: revisions %d..%d never came; going on without them", eventId, shard,
                        applied[shard] + 1, first - 1);
                applied[shard] = first - 1;
                floor[shard] = Math.max(floor[shard], first - 1);
                drain(shard);
            }
        }
    }

    private void update(Attendee now, boolean announce) {
        Attendee held = attendees.get(now.registrationId());
        if (held != null && (now.version() < held.version() || now.equals(held))) {
            return; // older or already applied
        }
        List<DomainEvent> transitions = ChangeRecords.registrationEvents(held, now);
        replace(held, now);
        if (!announce) {
            return;
        }
        for (DomainEvent transition : transitions) {
            LiveMessages.Delta delta = delta(transition);
            publish(now.shardRevision() > 0 ? delta.stamped(now.shard(), now.shardRevision()) : delta);
        }
        if (!transitions.isEmpty()) {
            String counts = messages.counts(eventId, counts());
            kiosks.forEach(kiosk -> kiosk.offerLatest(counts));
        }
    }

    private LiveMessages.Delta delta(DomainEvent transition) {
        if (transition instanceof DomainEvent.CheckInUndone undone) {
            return attendeeDelta(undone.kind(), undone.attendee(), undone.previous().gate(),
                    undone.previous().checkedInAt());
        }
        if (transition instanceof DomainEvent.CheckInConflict conflict) {
            Attendee attendee = conflict.attendee();
            return new LiveMessages.Delta("delta", eventId, 0, conflict.kind(), attendee.registrationId(),
                    attendee.name(), attendee.gate(), attendee.checkedInAt(), null, null, counts(),
                    admission(conflict.conflict()), null, null);
        }
        Attendee attendee = ((DomainEvent.RegistrationEvent) transition).attendee();
        return switch (transition.kind()) {
            case "registration_created" -> attendeeDelta(transition.kind(), attendee, null, attendee.registeredAt());
            case "checked_in" -> attendeeDelta(transition.kind(), attendee, attendee.gate(), attendee.checkedInAt());
            case "exited", "entered" -> attendeeDelta(transition.kind(), attendee, attendee.gate(), Instant.now());
            default -> attendeeDelta(transition.kind(), attendee, null, Instant.now());
        };
    }

    private LiveMessages.Delta attendeeDelta(String kind, Attendee attendee, String gate, Instant at) {
        return new LiveMessages.Delta("delta", eventId, 0, kind, attendee.registrationId(), attendee.name(), gate, at,
                null, null, counts(), null, null, null);
    }

    /** Numbers the delta, keeps it for resumes, and queues it to every dashboard; slow ones are dropped. */
    private void publish(LiveMessages.Delta unnumbered) {
        seq++;
        LiveMessages.Delta delta = unnumbered.numbered(seq);
        String json = messages.delta(delta);
        recentDeltas.addLast(new Numbered(seq, json, delta));
        while (recentDeltas.size() > resumeBuffer) {
            LiveMessages.Delta dropped = recentDeltas.removeFirst().delta();
            if (dropped.rev() != null) {
                floor[dropped.shard()] = Math.max(floor[dropped.shard()], dropped.rev());
            }
        }
        dashboards.broadcast(json, LiveEvent::dropSlow);
        deliveries.accept(dashboards.size());
    }

    private static void dropSlow(Outbox dashboard) {
        Log.debugf("dashboard too slow; dropped");
        dashboard.close(TRY_AGAIN_LATER, "too slow, reconnect");
    }

    private void replace(Attendee held, Attendee now) {
        if (held != null) {
            count(held, -1);
        }
        count(now, 1);
        attendees.put(now.registrationId(), now);
    }

    private void count(Attendee attendee, int sign) {
        if (attendee.confirmed()) {
            registered += sign;
        } else if (attendee.waitlisted()) {
            waitlisted += sign;
        }
        conflicts += sign * attendee.conflicts().size();
        if (attendee.checkedIn()) {
            checkedIn += sign;
            if (attendee.inside()) {
                inside += sign;
            }
            String gate = attendee.gate() == null ? "unknown" : attendee.gate();
            long atGate = gates.getOrDefault(gate, 0L) + sign;
            if (atGate == 0) {
                gates.remove(gate);
            } else {
                gates.put(gate, atGate);
            }
            long minute = attendee.checkedInAt().truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
            long inMinute = arrivalsByMinute.getOrDefault(minute, 0L) + sign;
            if (inMinute == 0) {
                arrivalsByMinute.remove(minute);
            } else {
                arrivalsByMinute.put(minute, inMinute);
            }
        }
    }

    public synchronized LiveMessages.Counts counts() {
        return new LiveMessages.Counts(checkedIn, inside, registered, waitlisted, Map.copyOf(gates), conflicts);
    }

    /**
     * Adds a dashboard. With the epoch and last sequence number of an earlier connection to this
     * instance, or the shard position of a connection to another, it gets what it missed if this
     * instance still holds all of it; otherwise a fresh snapshot.
     */
    public synchronized void watch(Outbox dashboard, String lastEpoch, Long lastSeq, long[] lastPosition) {
        touch();
        boolean resumable = epoch.equals(lastEpoch) && lastSeq != null && lastSeq <= seq
                && (lastSeq == seq || (!recentDeltas.isEmpty() && recentDeltas.peekFirst().seq() <= lastSeq + 1));
        if (!resumable && lastPosition != null && resumeFrom(dashboard, lastPosition)) {
            dashboards.add(dashboard);
            return;
        }
        if (resumable) {
            dashboard.offer(messages.resumed(eventId, epoch, lastSeq + 1, seq));
            for (Numbered delta : recentDeltas) {
                if (delta.seq() > lastSeq) {
                    dashboard.offer(delta.json());
                }
            }
        } else {
            dashboard.offer(snapshot());
        }
        dashboards.add(dashboard);
    }

    /**
     * Resumes a dashboard that comes from another instance (or an earlier life of this event here)
     * with the shard revisions it has applied: it gets every held registration delta of a later
     * revision, renumbered to end at this instance's {@code seq}, so live deltas follow on. Refused
     * (false) when a missed revision is not held here. Material deltas carry no revision and are
     * not replayed; a dashboard that is ahead in a shard skips what it already has (see the protocol).
     */
    private boolean resumeFrom(Outbox dashboard, long[] position) {
        for (int shard = 0; shard < EventShards.COUNT; shard++) {
            if (position[shard] < applied[shard] && position[shard] < floor[shard]) {
                return false;
            }
        }
        List<LiveMessages.Delta> missed = new ArrayList<>();
        for (Numbered numbered : recentDeltas) {
            LiveMessages.Delta delta = numbered.delta();
            if (delta.rev() != null && delta.rev() > position[delta.shard()]) {
                missed.add(delta);
            }
        }
        long first = seq - missed.size() + 1;
        dashboard.offer(messages.resumed(eventId, epoch, first, seq));
        for (int i = 0; i < missed.size(); i++) {
            dashboard.offer(messages.delta(missed.get(i).numbered(first + i)));
        }
        return true;
    }

    /** The shard revisions applied here, as dashboards send them back: {@code r0.r1.….r7}. */
    private String position() {
        StringBuilder position = new StringBuilder();
        for (int shard = 0; shard < EventShards.COUNT; shard++) {
            position.append(shard == 0 ? "" : ".").append(applied[shard]);
        }
        return position.toString();
    }

    public synchronized void unwatch(Outbox dashboard) {
        dashboards.remove(dashboard);
    }

    /** Adds a kiosk: it gets a welcome with the counts now, then newer counts as they change. */
    public synchronized void attachKiosk(Outbox kiosk, String gate) {
        touch();
        kiosk.offer(messages.welcome(eventId, gate, counts()));
        kiosks.add(kiosk);
    }

    public synchronized void detachKiosk(Outbox kiosk) {
        kiosks.remove(kiosk);
    }

    synchronized int dashboardCount() {
        return dashboards.size();
    }

    synchronized int kioskCount() {
        return kiosks.size();
    }

    synchronized List<Outbox> sockets() {
        List<Outbox> all = dashboards.all();
        all.addAll(kiosks);
        return all;
    }

    synchronized boolean idleSince(long nanos) {
        return dashboards.size() == 0 && kiosks.isEmpty() && lastUsedNanos < nanos;
    }

    /** Attendees whose name (any word) or email starts with {@code prefix}, case-insensitive. */
    public synchronized List<Attendee> search(String prefix, int limit) {
        touch();
        String wanted = prefix.toLowerCase(Locale.ROOT);
        return attendees.values().stream()
                .filter(a -> matches(a, wanted))
                .sorted(Comparator.comparing((Attendee a) -> a.name() == null ? "" : a.name().toLowerCase(Locale.ROOT))
                        .thenComparing(Attendee::registrationId))
                .limit(limit)
                .toList();
    }

    private static boolean matches(Attendee attendee, String prefix) {
        if (attendee.email() != null && attendee.email().startsWith(prefix)) {
            return true;
        }
        if (attendee.name() == null) {
            return false;
        }
        String name = attendee.name().toLowerCase(Locale.ROOT);
        if (name.startsWith(prefix)) {
            return true;
        }
        for (String word : name.split("\\s+")) {
            if (word.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private String snapshot() {
        PriorityQueue<Attendee> latest = new PriorityQueue<>(Comparator.comparing(Attendee::checkedInAt));
        for (Attendee attendee : attendees.values()) {
            if (attendee.checkedIn()) {
                latest.add(attendee);
                if (latest.size() > recentCheckIns) {
                    latest.poll();
                }
            }
        }
        List<LiveMessages.CheckInEntry> recent = new ArrayList<>();
        while (!latest.isEmpty()) {
            Attendee a = latest.poll();
            recent.add(0, new LiveMessages.CheckInEntry(a.registrationId(), a.name(), a.gate(), a.checkedInAt()));
        }
        long thisMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        List<LiveMessages.Arrivals> arrivals = new ArrayList<>();
        for (long minute = thisMinute - 60L * (arrivalMinutes - 1); minute <= thisMinute; minute += 60) {
            arrivals.add(new LiveMessages.Arrivals(Instant.ofEpochSecond(minute), arrivalsByMinute.getOrDefault(minute, 0L)));
        }
        return messages.snapshot(eventId, eventName, epoch, seq, position(), counts(), recent, arrivals,
                conflicts(recentCheckIns));
    }

    /** The last {@code limit} conflicts by the time of the losing admission, newest first. */
    public synchronized List<LiveMessages.ConflictEntry> conflicts(int limit) {
        touch();
        List<LiveMessages.ConflictEntry> all = new ArrayList<>();
        for (Attendee attendee : attendees.values()) {
            for (ConflictingScan conflict : attendee.conflicts()) {
                all.add(new LiveMessages.ConflictEntry(attendee.registrationId(), attendee.name(), attendee.gate(),
                        attendee.checkedInAt(), attendee.checkedInBy(), admission(conflict)));
            }
        }
        all.sort(Comparator.comparing((LiveMessages.ConflictEntry c) -> c.conflict().at()).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    private static LiveMessages.Admission admission(ConflictingScan conflict) {
        return new LiveMessages.Admission(conflict.at(), conflict.gate(), conflict.by());
    }

    private void touch() {
        lastUsedNanos = System.nanoTime();
    }
}
