package io.eventplatform.materials.material;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.materials.storage.MaterialsConfig;
import io.eventplatform.materials.storage.ObjectHead;
import io.eventplatform.materials.storage.ObjectMissingException;
import io.eventplatform.materials.storage.ObjectStore;
import io.eventplatform.materials.storage.PresignedRequest;
import io.eventplatform.materials.storage.StoredObject;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.problem.ProblemException;
import io.quarkus.logging.Log;

/**
 * Large files: the service hands out a presigned PUT to a staging key, the client sends the
 * bytes straight to S3, and a confirm checks them (size, type, SHA-256 read back) before they
 * are copied to the material's key and recorded. The pending upload is consumed in the same
 * transaction as the metadata write, so an upload is confirmed at most once.
 */
@ApplicationScoped
public class UploadService {

    private final MaterialService materials;
    private final MaterialRepository repository;
    private final ObjectStore objects;
    private final FilePolicy policy;
    private final MaterialsConfig config;
    private final Clock clock = Clock.systemUTC();

    public UploadService(MaterialService materials, MaterialRepository repository, ObjectStore objects,
            FilePolicy policy, MaterialsConfig config) {
        this.materials = materials;
        this.repository = repository;
        this.objects = objects;
        this.policy = policy;
        this.config = config;
    }

    /**
     * What a client asks to upload.
     *
     * @param materialId the material to add a version to, or null for a new material
     * @param draft title, description and visibility of a new material (ignored for a new version)
     * @param fileName file name as given
     * @param contentType declared media type
     * @param size declared bytes
     * @param sha256 declared hex SHA-256, or null
     */
    public record UploadIntent(String materialId, MaterialDraft draft, String fileName, String contentType, long size,
            String sha256) {
    }

    /**
     * A started upload.
     *
     * @param upload what is pending
     * @param put the request that sends the bytes
     */
    public record StartedUpload(PendingUpload upload, PresignedRequest put) {
    }

    public StartedUpload start(String eventId, UploadIntent intent, String uploader) {
        materials.requireEvent(eventId);
        String fileName = policy.fileName(intent.fileName());
        String contentType = policy.contentType(intent.contentType());
        policy.checkSize(intent.size());
        boolean newMaterial = intent.materialId() == null;
        String materialId = newMaterial ? UUID.randomUUID().toString() : intent.materialId();
        MaterialDraft draft = intent.draft();
        if (!newMaterial) {
            MaterialItem current = materials.require(eventId, materialId);
            draft = new MaterialDraft(current.title(), current.description(), current.visibility());
        } else if (draft.title() == null || draft.title().isBlank()) {
            throw ProblemException.invalid("title", "A new material needs a title.");
        }
        String uploadId = UUID.randomUUID().toString();
        String stagingKey = ObjectKeys.staging(eventId, uploadId);
        PresignedRequest put = objects.presignPut(stagingKey, contentType, intent.size(), config.uploadLinkTtl());
        PendingUpload upload = new PendingUpload(uploadId, eventId, materialId, newMaterial, draft.title(),
                draft.description(), draft.visibility(), fileName, contentType, intent.size(),
                intent.sha256() == null ? null : intent.sha256().toLowerCase(), stagingKey, uploader, put.expiresAt());
        repository.savePendingUpload(upload);
        return new StartedUpload(upload, put);
    }

    /**
     * Checks what arrived at the staging key against what was declared, then moves it to the
     * material's key and records it. Refusals leave no metadata; a mismatching object is removed.
     */
    public MaterialItem confirm(String eventId, String uploadId) {
        Instant now = clock.instant();
        PendingUpload upload = repository.findPendingUpload(eventId, uploadId)
                .filter(pending -> pending.confirmableAt(now))
                .orElseThrow(() -> new ProblemException(404, MaterialProblems.UPLOAD_NOT_FOUND,
                        "There is no pending upload " + uploadId + " at this event (never started, already "
                                + "confirmed, or expired)."));
        ObjectHead head = objects.head(upload.stagingKey())
                .orElseThrow(() -> ProblemException.conflict(MaterialProblems.UPLOAD_INCOMPLETE,
                        "Nothing has been uploaded for " + uploadId + " yet: PUT the file to the upload URL first."));
        String arrivedType = head.contentType() == null ? "" : FilePolicy.bare(head.contentType());
        if (head.size() != upload.size()) {
            rejectStaged(upload, "The uploaded object has " + head.size() + " bytes, not the declared "
                    + upload.size() + ".");
        }
        if (!arrivedType.isEmpty() && !arrivedType.equals(upload.contentType())) {
            rejectStaged(upload, "The uploaded object is " + arrivedType + ", not the declared "
                    + upload.contentType() + ".");
        }
        String sha256;
        String versionId;
        String materialKey = ObjectKeys.material(eventId, upload.materialId());
        try {
            // S3 keeps no SHA-256 unless the client sent one: read the bytes back, streaming.
            sha256 = objects.sha256(upload.stagingKey(), head.versionId());
            if (upload.sha256() != null && !upload.sha256().equals(sha256)) {
                objects.deleteAllVersions(upload.stagingKey());
                throw new ProblemException(422, MaterialProblems.CHECKSUM_MISMATCH, "The uploaded bytes hash to "
                        + sha256 + ", not the declared " + upload.sha256() + "; upload again.");
            }
            versionId = objects.copy(upload.stagingKey(), head.versionId(), materialKey, upload.contentType(),
                    Map.of(MaterialService.UPLOADED_BY, upload.uploadedBy()));
        } catch (ObjectMissingException e) {
            throw ProblemException.conflict(MaterialProblems.UPLOAD_INCOMPLETE,
                    "The uploaded object went away meanwhile (another confirm of " + uploadId + " took it).");
        }
        MaterialItem material = materials.recordUpload(upload,
                new StoredObject(materialKey, versionId, head.size(), sha256));
        try {
            objects.deleteAllVersions(upload.stagingKey());
        } catch (RuntimeException e) {
            // The bucket's lifecycle rule expires uploads/ anyway.
            Log.warnf(e, "staging object %s stays until the lifecycle rule removes it", upload.stagingKey());
        }
        return material;
    }

    private void rejectStaged(PendingUpload upload, String detail) {
        objects.deleteAllVersions(upload.stagingKey());
        throw new ProblemException(422, MaterialProblems.UPLOAD_MISMATCH, detail + " Upload again.");
    }
}
