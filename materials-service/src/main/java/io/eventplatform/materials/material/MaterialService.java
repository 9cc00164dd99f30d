package io.eventplatform.materials.material;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.materials.deletion.PendingDeletions;
import io.eventplatform.materials.storage.BodyStreamException;
import io.eventplatform.materials.storage.MaterialsConfig;
import io.eventplatform.materials.storage.ObjectStore;
import io.eventplatform.materials.storage.ObjectVersion;
import io.eventplatform.materials.storage.PresignedRequest;
import io.eventplatform.materials.storage.StoredObject;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.MaterialItem.Visibility;
import io.eventplatform.shared.item.MaterialItem.VersionEntry;
import io.eventplatform.shared.item.PendingDeletionItem;
import io.eventplatform.shared.problem.ProblemException;
import io.quarkus.logging.Log;

/**
 * Event materials: the object in the versioned bucket, the metadata item in the table, and the
 * CDN copy of public published ones. Every change stores bytes first and writes the item last
 * (conditionally); when the item write fails, the bytes it would have described are removed, so
 * there is never metadata without an object nor an object version nobody recorded.
 */
@ApplicationScoped
public class MaterialService {

    /** S3 user metadata naming who made a version, so the bucket alone still tells. */
    static final String UPLOADED_BY = "uploaded-by";

    private final MaterialRepository repository;
    private final ObjectStore objects;
    private final FilePolicy policy;
    private final MaterialsConfig config;
    private final PendingDeletions deletions;
    private final Clock clock = Clock.systemUTC();

    public MaterialService(MaterialRepository repository, ObjectStore objects, FilePolicy policy,
            MaterialsConfig config, PendingDeletions deletions) {
        this.repository = repository;
        this.objects = objects;
        this.policy = policy;
        this.config = config;
        this.deletions = deletions;
    }

    /** Streams a new material's first version into the bucket and records it, unpublished. */
    public MaterialItem create(String eventId, MaterialDraft draft, IncomingFile file, String uploader) {
        requireEvent(eventId);
        String fileName = policy.fileName(file.fileName());
        String contentType = policy.contentType(file.contentType());
        policy.checkDirectUpload(file.length());
        String materialId = UUID.randomUUID().toString();
        StoredObject stored = store(eventId, ObjectKeys.material(eventId, materialId), file, contentType, uploader);
        MaterialItem material = firstVersion(eventId, materialId, draft, versionEntry(stored, contentType, fileName,
                uploader, null));
        try {
            repository.create(material, null);
        } catch (RuntimeException e) {
            discard(eventId, stored.key(), stored.versionId());
            throw conflictOr(e);
        }
        Log.debugf("material %s created at event %s (%d bytes)", materialId, eventId, stored.size());
        return material;
    }

    /** Streams a new version of an existing material's object and makes it current. */
    public MaterialItem addVersion(String eventId, String materialId, IncomingFile file, String uploader) {
        MaterialItem current = require(eventId, materialId);
        String fileName = policy.fileName(file.fileName());
        String contentType = policy.contentType(file.contentType());
        policy.checkDirectUpload(file.length());
        StoredObject stored = store(eventId, current.objectKey(), file, contentType, uploader);
        MaterialChange change = new MaterialChange(current)
                .content(versionEntry(stored, contentType, fileName, uploader, null));
        return commitNewVersion(current, change, stored.key(), stored.versionId(), null);
    }

    public MaterialItem edit(String eventId, String materialId, MaterialDraft edit) {
        MaterialItem current = require(eventId, materialId);
        MaterialChange change = new MaterialChange(current);
        if (edit.title() != null) {
            change.title = edit.title();
        }
        if (edit.description() != null) {
            change.description = edit.description();
        }
        if (edit.visibility() != null) {
            change.visibility = edit.visibility();
        }
        return commit(current, change, null);
    }

    /** Publishing is a table write: the stream tells dashboards and kiosks. */
    public MaterialItem publish(String eventId, String materialId, boolean published) {
        MaterialItem current = require(eventId, materialId);
        if (published && current.deleted()) {
            throw ProblemException.conflict(MaterialProblems.MATERIAL_DELETED,
                    "Restore a version of this deleted material before publishing it.");
        }
        if (current.published() == published) {
            return current;
        }
        MaterialChange change = new MaterialChange(current);
        change.published = published;
        return commit(current, change, null);
    }

    /** Deletes with an S3 delete marker: the versions stay, listed and restorable; attendees lose it. */
    public void delete(String eventId, String materialId) {
        MaterialItem current = require(eventId, materialId);
        if (current.deleted()) {
            return;
        }
        String marker = objects.markDeleted(current.objectKey());
        MaterialChange change = new MaterialChange(current);
        change.deletedAt = clock.instant();
        change.published = false;
        try {
            commit(current, change, null);
        } catch (RuntimeException e) {
            // Removing the marker brings the previous version back.
            discard(eventId, current.objectKey(), marker);
            throw e;
        }
    }

    /** Every S3 version and delete marker of the material, newest first, with who made each. */
    public List<MaterialVersion> versions(String eventId, String materialId) {
        MaterialItem material = require(eventId, materialId);
        return objects.listVersions(material.objectKey()).stream().map(version -> describe(material, version))
                .toList();
    }

    /** Makes an earlier version current again by copying it to a new version (history grows, never shrinks). */
    public MaterialItem restore(String eventId, String materialId, String versionId, String actor) {
        MaterialItem current = require(eventId, materialId);
        VersionEntry source = current.recordedVersion(versionId);
        if (source == null) {
            throw new ProblemException(404, MaterialProblems.VERSION_NOT_FOUND,
                    "Material " + materialId + " has no version " + versionId + ".");
        }
        if (versionId.equals(current.versionId()) && !current.deleted()) {
            return current;
        }
        boolean stillStored = objects.listVersions(current.objectKey()).stream()
                .anyMatch(version -> version.versionId().equals(versionId) && !version.deleteMarker());
        if (!stillStored) {
            throw new ProblemException(410, MaterialProblems.VERSION_NOT_FOUND,
                    "Version " + versionId + " has expired from the bucket and cannot be restored.");
        }
        String copy = copyVersionToCurrent(current, versionId, source.contentType(),
                Map.of(UPLOADED_BY, actor, "restored-from", versionId));
        VersionEntry restored = new VersionEntry(copy, source.size(), source.sha256(), source.contentType(),
                source.fileName(), actor, clock.instant(), versionId);
        return commitNewVersion(current, new MaterialChange(current).content(restored), current.objectKey(), copy,
                null);
    }

    /** The event's materials this reader may see, by title. */
    public List<MaterialItem> list(String eventId, ReaderAccess reader) {
        requireEvent(eventId);
        return repository.listForEvent(eventId).stream().filter(reader::mayRead)
                .sorted(Comparator.comparing(MaterialItem::title, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(MaterialItem::materialId))
                .toList();
    }

    /** One material, if this reader may see it (404, 401 or 403 otherwise). */
    public MaterialItem get(String eventId, String materialId, ReaderAccess reader) {
        MaterialItem material = require(eventId, materialId);
        reader.requireReadable(material);
        return material;
    }

    /** A link to the current bytes: the CDN for public published materials when configured, else presigned. */
    public MaterialLink link(String eventId, String materialId, ReaderAccess reader) {
        MaterialItem material = get(eventId, materialId, reader);
        if (material.deleted()) {
            throw ProblemException.conflict(MaterialProblems.MATERIAL_DELETED,
                    "This material is deleted; restore a version to download it.");
        }
        Optional<URI> cdn = config.cdnBaseUrl();
        if (cdn.isPresent() && material.staticKey() != null && material.visibility() == Visibility.PUBLIC
                && material.published()) {
            return new MaterialLink(cdnUrl(cdn.get(), material.staticKey()), null, true, material);
        }
        PresignedRequest get = objects.presignGet(material.objectKey(), material.versionId(), material.fileName(),
                material.contentType(), config.downloadLinkTtl());
        return new MaterialLink(get.url(), get.expiresAt(), false, material);
    }

    /** Records a confirmed presigned upload whose bytes are already at {@code stored}. */
    MaterialItem recordUpload(PendingUpload upload, StoredObject stored) {
        VersionEntry entry = versionEntry(stored, upload.contentType(), upload.fileName(), upload.uploadedBy(), null);
        if (upload.newMaterial()) {
            MaterialItem material = firstVersion(upload.eventId(), upload.materialId(),
                    new MaterialDraft(upload.title(), upload.description(), upload.visibility()), entry);
            try {
                repository.create(material, upload.uploadId());
            } catch (RuntimeException e) {
                discard(upload.eventId(), stored.key(), stored.versionId());
                throw conflictOr(e);
            }
            return material;
        }
        MaterialItem current = require(upload.eventId(), upload.materialId());
        return commitNewVersion(current, new MaterialChange(current).content(entry), stored.key(),
                stored.versionId(), upload.uploadId());
    }

    MaterialItem require(String eventId, String materialId) {
        return repository.find(eventId, materialId)
                .orElseThrow(() -> MaterialProblems.materialNotFound(materialId));
    }

    void requireEvent(String eventId) {
        if (!repository.eventExists(eventId)) {
            throw MaterialProblems.eventNotFound(eventId);
        }
    }

    private StoredObject store(String eventId, String key, IncomingFile file, String contentType, String uploader) {
        StoredObject stored;
        try {
            stored = objects.put(key, file.body(), file.length(), contentType, Map.of(UPLOADED_BY, uploader));
        } catch (BodyStreamException e) {
            throw new ProblemException(400, MaterialProblems.UPLOAD_INTERRUPTED,
                    "The file arrived incomplete (" + e.getMessage() + "); nothing was stored.");
        }
        if (file.expectedSha256() != null && !file.expectedSha256().equalsIgnoreCase(stored.sha256())) {
            discard(eventId, stored.key(), stored.versionId());
            throw new ProblemException(422, MaterialProblems.CHECKSUM_MISMATCH, "The bytes received hash to "
                    + stored.sha256() + ", not the declared " + file.expectedSha256() + "; nothing was stored.");
        }
        return stored;
    }

    /**
     * Copies an earlier version onto the material's key as its new current version, through a
     * scratch key: S3 copies a key onto itself, but S3Mock turns that into a metadata update of the
     * current version, and the two hops work on both.
     */
    private String copyVersionToCurrent(MaterialItem material, String versionId, String contentType,
            Map<String, String> metadata) {
        String scratch = ObjectKeys.scratch(material.eventId(), material.materialId());
        String scratchVersion = objects.copy(material.objectKey(), versionId, scratch, contentType, metadata);
        try {
            return objects.copy(scratch, scratchVersion, material.objectKey(), contentType, metadata);
        } finally {
            deletions.deleteNowOrLater(material.eventId(), scratch, null);
        }
    }

    private MaterialItem firstVersion(String eventId, String materialId, MaterialDraft draft, VersionEntry entry) {
        return new MaterialItem(materialId, eventId, draft.title(), draft.description(), entry.fileName(),
                entry.contentType(), entry.size(), entry.sha256(), ObjectKeys.material(eventId, materialId),
                entry.versionId(), draft.visibility(), false, entry.uploadedBy(), clock.instant(), 1, null, null,
                List.of(entry));
    }

    private VersionEntry versionEntry(StoredObject stored, String contentType, String fileName, String uploader,
            String restoredFrom) {
        return new VersionEntry(stored.versionId(), stored.size(), stored.sha256(), contentType, fileName, uploader,
                clock.instant(), restoredFrom);
    }

    private MaterialItem commitNewVersion(MaterialItem current, MaterialChange change, String key, String versionId,
            String consumedUploadId) {
        try {
            return commit(current, change, consumedUploadId);
        } catch (RuntimeException e) {
            discard(current.eventId(), key, versionId);
            throw e;
        }
    }

    /**
     * Writes the next state of a material if nobody changed it meanwhile, keeping its CDN copy in
     * step: the copy a public published material needs is made before the write (and removed if
     * the write fails), a copy no longer wanted is removed after it. A failed write removes only the
     * version of the copy it made: a racing publish that won wrote the same key, and its copy stays.
     * Withdrawing a copy is recorded as a pending deletion in the same transaction, so a delete that
     * fails (or a crash) is retried, and the CDN is told to forget the copy's path.
     */
    private MaterialItem commit(MaterialItem current, MaterialChange change, String consumedUploadId) {
        boolean wantsCopy = change.published && change.visibility == Visibility.PUBLIC && change.deletedAt == null;
        MaterialItem next = change.build(clock.instant(), current.version() + 1);
        String wanted = wantsCopy ? ObjectKeys.staticCopy(next) : null;
        String copiedVersion = null;
        if (wanted != null && !wanted.equals(current.staticKey())) {
            copiedVersion = objects.copyForCdn(next.objectKey(), next.versionId(), wanted, next.contentType(),
                    config.cdnMaxAge());
        }
        change.staticKey = wanted;
        next = change.build(next.updatedAt(), next.version());
        PendingDeletionItem withdrawal = current.staticKey() != null && !current.staticKey().equals(wanted)
                ? deletions.withdrawal(current.eventId(), current.staticKey(), ObjectKeys.cdnPath(current.staticKey()))
                : null;
        try {
            repository.update(next, current.version(), consumedUploadId, withdrawal);
        } catch (RuntimeException e) {
            if (copiedVersion != null) {
                discard(current.eventId(), wanted, copiedVersion);
            }
            throw conflictOr(e);
        }
        if (withdrawal != null) {
            deletions.attempt(withdrawal);
        }
        return next;
    }

    private static RuntimeException conflictOr(RuntimeException e) {
        if (e instanceof WriteConflictException) {
            return ProblemException.conflict(MaterialProblems.MATERIAL_CHANGED,
                    "The material was changed by another request meanwhile; reload it and try again.");
        }
        return e;
    }

    /** Removes a version a failed write left behind; if that fails too, a pending deletion retries it. */
    private void discard(String eventId, String key, String versionId) {
        deletions.deleteNowOrLater(eventId, key, versionId);
    }

    private static MaterialVersion describe(MaterialItem material, ObjectVersion version) {
        if (version.deleteMarker()) {
            return new MaterialVersion(version.versionId(), 0, version.lastModified(), version.latest(), true, null,
                    null, null, null, null);
        }
        VersionEntry recorded = material.recordedVersion(version.versionId());
        return new MaterialVersion(version.versionId(), version.size(), version.lastModified(), version.latest(),
                false, recorded == null ? null : recorded.sha256(), recorded == null ? null : recorded.contentType(),
                recorded == null ? null : recorded.fileName(), recorded == null ? null : recorded.uploadedBy(),
                recorded == null ? null : recorded.restoredFrom());
    }

    private static String cdnUrl(URI base, String staticKey) {
        return base.toString().replaceAll("/+$", "") + ObjectKeys.cdnPath(staticKey);
    }
}
