package io.eventplatform.materials.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The materials bucket (versioned): the one class that speaks S3. Keys and version ids go in,
 * plain records come out.
 */
@ApplicationScoped
public class ObjectStore {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public ObjectStore(S3Client s3, S3Presigner presigner, MaterialsConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = config.bucket();
    }

    /**
     * Streams {@code length} bytes from {@code body} into a new version of {@code key}, hashing
     * them on the way; never holds the whole body. A body that breaks off or is shorter than
     * declared is a {@link BodyStreamException} and leaves no version behind.
     */
    public StoredObject put(String key, InputStream body, long length, String contentType,
            Map<String, String> metadata) {
        HashingInputStream hashing = new HashingInputStream(body);
        String versionId;
        try {
            versionId = s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(length)
                    .metadata(metadata), RequestBody.fromInputStream(hashing, length)).versionId();
        } catch (RuntimeException e) {
            // A retry of a half-read body fails too (the stream cannot rewind): the body is at fault.
            if (hashing.sourceFailure() != null || hashing.count() < length) {
                throw new BodyStreamException("the request body ended after " + hashing.count() + " of " + length
                        + " bytes", e);
            }
            throw e;
        }
        if (hashing.count() != length) {
            deleteVersion(key, versionId);
            throw new BodyStreamException("the request body held " + hashing.count() + " bytes, not " + length, null);
        }
        return new StoredObject(key, versionId, length, hashing.sha256Hex());
    }

    /**
     * Copies one version of {@code sourceKey} (server-side) to a new version of {@code targetKey}
     * with fresh metadata; replacing the metadata is also what lets a key be copied onto itself
     * (a restore).
     */
    public String copy(String sourceKey, String sourceVersionId, String targetKey, String contentType,
            Map<String, String> metadata) {
        return s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(sourceKey).sourceVersionId(sourceVersionId)
                .destinationBucket(bucket).destinationKey(targetKey)
                .metadataDirective(MetadataDirective.REPLACE).contentType(contentType).metadata(metadata)).versionId();
    }

    /** The current version of {@code key}, or empty when it has none (never written, or deleted). */
    public Optional<ObjectHead> head(String key) {
        try {
            var head = s3.headObject(r -> r.bucket(bucket).key(key));
            if (Boolean.TRUE.equals(head.deleteMarker())) {
                return Optional.empty();
            }
            return Optional.of(new ObjectHead(head.versionId(), head.contentLength(), head.contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Reads one version back through SHA-256, streaming: the hex digest. */
    public String sha256(String key, String versionId) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key).versionId(versionId))) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + " back failed", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deletes the current version with a delete marker (history kept): the marker's version id. */
    public String markDeleted(String key) {
        return s3.deleteObject(r -> r.bucket(bucket).key(key)).versionId();
    }

    /** Removes one version for good (content or delete marker). */
    public void deleteVersion(String key, String versionId) {
        s3.deleteObject(r -> r.bucket(bucket).key(key).versionId(versionId));
    }

    /** Removes every version and delete marker of {@code key} for good. */
    public void deleteAllVersions(String key) {
        List<ObjectVersion> doomed = listVersions(key);
        doomed.forEach(version -> deleteVersion(key, version.versionId()));
        Log.debugf("removed %d versions of %s", doomed.size(), key);
    }

    /** Every version and delete marker of exactly {@code key}, newest first (the current one first). */
    public List<ObjectVersion> listVersions(String key) {
        List<ObjectVersion> versions = new ArrayList<>();
        for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key))) {
            page.versions().stream().filter(v -> v.key().equals(key)).forEach(v -> versions.add(new ObjectVersion(
                    v.versionId(), v.size() == null ? 0 : v.size(), v.lastModified(), Boolean.TRUE.equals(v.isLatest()),
                    false)));
            page.deleteMarkers().stream().filter(m -> m.key().equals(key)).forEach(m -> versions.add(
                    new ObjectVersion(m.versionId(), 0, m.lastModified(), Boolean.TRUE.equals(m.isLatest()), true)));
        }
        // Stable sort: equal timestamps keep S3's own newest-first order.
        versions.sort(Comparator.comparing(ObjectVersion::latest).thenComparing(ObjectVersion::lastModified)
                .reversed());
        return versions;
    }

    /** A GET of one version that a client may send without credentials until the link expires. */
    public PresignedRequest presignGet(String key, String versionId, String fileName, String contentType,
            Duration ttl) {
        String disposition = "attachment; filename*=UTF-8''" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                .replace("+", "%20");
        PresignedGetObjectRequest signed = presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(r -> r.bucket(bucket).key(key).versionId(versionId)
                        .responseContentDisposition(disposition).responseContentType(contentType)));
        return new PresignedRequest("GET", signed.url().toString(), signed.expiration(), Map.of());
    }

    /** A PUT of exactly {@code size} bytes of {@code contentType} to {@code key}, signed for {@code ttl}. */
    public PresignedRequest presignPut(String key, String contentType, long size, Duration ttl) {
        PresignedPutObjectRequest signed = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(size)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            // The HTTP client sets Host itself.
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedRequest("PUT", signed.url().toString(), signed.expiration(), headers);
    }
}
