package io.eventplatform.materials.deletion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.materials.cdn.CdnInvalidator;
import io.eventplatform.materials.storage.MaterialsConfig;
import io.eventplatform.materials.storage.ObjectStore;
import io.eventplatform.shared.item.PendingDeletionItem;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes bucket objects so that a failure is never only logged: a deletion that fails is kept as
 * a pending-deletion item in the table and retried by {@link #sweep()} with exponential back-off
 * until the object is gone and, for a withdrawn CDN copy, its path is invalidated. Then the item
 * goes.
 */
@ApplicationScoped
public class PendingDeletions {

    /** Deletions one sweep takes on; the rest wait for the next. */
    private static final int SWEEP_LIMIT = 50;
    private static final int MAX_ERROR_LENGTH = 300;

    private final PendingDeletionRepository repository;
    private final ObjectStore objects;
    private final CdnInvalidator cdn;
    private final MaterialsConfig.DeletionRetry retry;
    private final Clock clock = Clock.systemUTC();

    public PendingDeletions(PendingDeletionRepository repository, ObjectStore objects, CdnInvalidator cdn,
            MaterialsConfig config) {
        this.repository = repository;
        this.objects = objects;
        this.cdn = cdn;
        this.retry = config.deletionRetry();
    }

    /**
     * A deletion to record in the same write as the change that makes it necessary; the writer
     * owns its first attempt for the claim period ({@link #attempt}), the sweep after that.
     */
    public PendingDeletionItem withdrawal(String eventId, String objectKey, String cdnPath) {
        Instant now = clock.instant();
        return new PendingDeletionItem(eventId, objectKey, null, cdnPath, 0, now.plus(retry.claim()), now, null);
    }

    /** Tries a deletion already recorded in the table; a failure is recorded for the sweep. */
    public void attempt(PendingDeletionItem recorded) {
        try {
            execute(recorded);
            repository.remove(recorded);
        } catch (RuntimeException e) {
            try {
                recordFailure(recorded, e);
            } catch (RuntimeException unrecorded) {
                // The item is still in the table as it was claimed: the sweep takes it up when the claim ends.
                Log.warnf(unrecorded, "could not record the failed deletion of %s; retried after its claim",
                        recorded.objectKey());
            }
        }
    }

    /**
     * Deletes one version (or, with a null version, every version) of an object now; only when
     * that fails is the deletion recorded, for the sweep to retry.
     */
    public void deleteNowOrLater(String eventId, String objectKey, String versionId) {
        Instant now = clock.instant();
        PendingDeletionItem deletion = new PendingDeletionItem(eventId, objectKey, versionId, null, 0, now, now, null);
        try {
            execute(deletion);
        } catch (RuntimeException e) {
            try {
                recordFailure(deletion, e);
            } catch (RuntimeException unrecorded) {
                Log.errorf(unrecorded, "could not delete %s (version %s) nor record it for a retry; remove it by hand",
                        objectKey, versionId);
            }
        }
    }

    /** Retries every deletion that is due, each claimed first so instances never share one. */
    @Scheduled(every = "${materials.deletion-retry.interval}", delayed = "${materials.deletion-retry.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        for (PendingDeletionItem due : repository.due(now, SWEEP_LIMIT)) {
            if (repository.claim(due, now.plus(retry.claim()))) {
                attempt(new PendingDeletionItem(due.eventId(), due.objectKey(), due.versionId(), due.cdnPath(),
                        due.attempts(), now.plus(retry.claim()), due.createdAt(), due.lastError()));
            }
        }
    }

    private void execute(PendingDeletionItem deletion) {
        if (deletion.versionId() == null) {
            objects.deleteAllVersions(deletion.objectKey());
        } else {
            objects.deleteVersion(deletion.objectKey(), deletion.versionId());
        }
        if (deletion.cdnPath() != null) {
            // One caller reference per withdrawal: CloudFront answers a retry with the same invalidation.
            cdn.invalidate(deletion.cdnPath(), Integer.toHexString(deletion.deletionId().hashCode()) + "-"
                    + deletion.createdAt().toEpochMilli());
        }
    }

    private void recordFailure(PendingDeletionItem deletion, RuntimeException cause) {
        Duration wait = backoff(deletion.attempts() + 1);
        String error = String.valueOf(cause.getMessage());
        PendingDeletionItem failed = deletion.failed(
                error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error,
                clock.instant().plus(wait));
        repository.save(failed);
        Log.warnf("could not delete %s (version %s), attempt %d: %s; retrying in %s", deletion.objectKey(),
                deletion.versionId() == null ? "all" : deletion.versionId(), failed.attempts(), error, wait);
    }

    /** The wait after the n-th failure: the initial back-off, doubled per further failure, at most the maximum. */
    Duration backoff(long failures) {
        Duration wait = retry.initialBackoff();
        for (long i = 1; i < failures && wait.compareTo(retry.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wait;
    }
}
