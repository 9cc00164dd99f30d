package io.eventplatform.checkin.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.checkin.checkin.ScanResult;
import io.eventplatform.shared.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every message the kiosk and dashboard sockets send, as documented in docs/websocket-protocol.md.
 * Each has a {@code type}; dashboards get {@code snapshot}, {@code resumed} and {@code delta},
 * kiosks {@code welcome}, {@code scan_result}, {@code sync_result}, {@code counts} and {@code error}.
 */
@ApplicationScoped
public class LiveMessages {

    private final ObjectMapper json;

    public LiveMessages(ObjectMapper json) {
        this.json = json;
    }

    /** Live counts of one event; {@code conflicts} counts admissions recorded as conflicts. */
    @RegisterForReflection
    public record Counts(long checkedIn, long inside, long registered, long waitlisted, Map<String, Long> gates,
            long conflicts) {
    }

    /** An admission of a ticket other than its first check-in. */
    @RegisterForReflection
    public record Admission(Instant at, String gate, String by) {
    }

    /** A ticket admitted twice: the first check-in ({@code gate}, {@code at}, {@code by}) and the admission that lost. */
    @RegisterForReflection
    public record ConflictEntry(String registrationId, String attendeeName, String gate, Instant at, String by,
            Admission conflict) {
    }

    /** One check-in in a snapshot's recent list. */
    @RegisterForReflection
    public record CheckInEntry(String registrationId, String attendeeName, String gate, Instant at) {
    }

    /** Check-ins whose first scan fell in one minute. */
    @RegisterForReflection
    public record Arrivals(Instant minute, long count) {
    }

    /** Everything a dashboard shows, as of sequence number {@code seq} of instance epoch {@code epoch}. */
    @RegisterForReflection
    public record Snapshot(String type, String eventId, String eventName, String epoch, long seq, String position,
            Counts counts, List<CheckInEntry> recentCheckIns, List<Arrivals> arrivalsPerMinute,
            List<ConflictEntry> recentConflicts, Instant at) {
    }

    /** A resume was accepted: the deltas {@code fromSeq..toSeq} follow, then live ones. */
    @RegisterForReflection
    public record Resumed(String type, String eventId, String epoch, long fromSeq, long toSeq) {
    }

    /**
     * One change, numbered consecutively per event and epoch, with the counts after it; a
     * registration change also carries its event shard and shard revision, which every instance agrees on.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String type, String eventId, long seq, String kind, String registrationId,
            String attendeeName, String gate, Instant at, String materialId, String title, Counts counts,
            Admission conflict, Integer shard, Long rev) {

        /** The same delta under another sequence number. */
        Delta numbered(long newSeq) {
            return new Delta(type, eventId, newSeq, kind, registrationId, attendeeName, gate, at, materialId, title,
                    counts, conflict, shard, rev);
        }

        /** The same delta stamped with the shard revision of the change it comes from. */
        Delta stamped(int newShard, long newRev) {
            return new Delta(type, eventId, seq, kind, registrationId, attendeeName, gate, at, materialId, title,
                    counts, conflict, newShard, newRev);
        }
    }

    /** First kiosk message: which event and gate the token binds it to, and the counts. */
    @RegisterForReflection
    public record Welcome(String type, String eventId, String gate, Counts counts) {
    }

    /** The event's counts changed (kiosks; coalesced, so only the newest is sent). */
    @RegisterForReflection
    public record CountsMessage(String type, String eventId, Counts counts) {
    }

    /** The answer to one kiosk scan command. */
    @RegisterForReflection
    public record ScanResultMessage(String type, String requestId, ScanResult result) {
    }

    /**
     * A kiosk message that could not be processed.
     *
     * @param retryAfter seconds to wait before sending again; only on {@code rate-limited} problems
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorMessage(String type, String requestId, Problem problem, Long retryAfter) {
    }

    /** The answer to one scan of a {@code sync} batch: its result, or the problem that kept it from being applied. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncedScan(int index, String requestId, ScanResult result, Problem problem) {
    }

    /** The answer to a {@code sync} command: one entry per queued scan, in the order sent. */
    @RegisterForReflection
    public record SyncResultMessage(String type, String requestId, List<SyncedScan> results) {
    }

    public String syncResult(String requestId, List<SyncedScan> results) {
        return write(new SyncResultMessage("sync_result", requestId, results));
    }

    public String snapshot(String eventId, String eventName, String epoch, long seq, String position, Counts counts,
            List<CheckInEntry> recent, List<Arrivals> arrivals, List<ConflictEntry> conflicts) {
        return write(new Snapshot("snapshot", eventId, eventName, epoch, seq, position, counts, recent, arrivals,
                conflicts, Instant.now()));
    }

    public String resumed(String eventId, String epoch, long fromSeq, long toSeq) {
        return write(new Resumed("resumed", eventId, epoch, fromSeq, toSeq));
    }

    public String delta(Delta delta) {
        return write(delta);
    }

    public String welcome(String eventId, String gate, Counts counts) {
        return write(new Welcome("welcome", eventId, gate, counts));
    }

    public String counts(String eventId, Counts counts) {
        return write(new CountsMessage("counts", eventId, counts));
    }

    public String scanResult(String requestId, ScanResult result) {
        return write(new ScanResultMessage("scan_result", requestId, result));
    }

    public String error(String requestId, Problem problem) {
        return write(new ErrorMessage("error", requestId, problem, null));
    }

    /** An {@code error} for a message over the kiosk's rate limit: send again after {@code retryAfter} seconds. */
    public String rateLimited(String requestId, Problem problem, long retryAfter) {
        return write(new ErrorMessage("error", requestId, problem, retryAfter));
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live message did not serialise", e);
        }
    }
}
