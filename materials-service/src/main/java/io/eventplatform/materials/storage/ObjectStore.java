package io.eventplatform.materials.storage;

import java.io.ByteArrayInputStream;
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
import software.amazon.awssdk.services.s3.model.CompletedPart;
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

    /** S3 refuses multipart parts (but the last) below 5 MiB. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final int partSize;

    public ObjectStore(S3Client s3, S3Presigner presigner, MaterialsConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = config.bucket();
        this.partSize = (int) Math.max(MIN_PART_SIZE, config.uploadPartSize().asLongValue());
    }

    /**
     * Streams {@code length} bytes from {@code body} into a new version of {@code key}, hashing
     * them on the way. At most one part ({@code materials.upload-part-size}) is in memory at a time:
     * the URL-connection HTTP client buffers a request body whole, so anything larger than a part
     * goes up as a multipart upload. A body that breaks off or is shorter than declared is a
     * {@link BodyStreamException} and leaves no version (and no unfinished multipart upload) behind.
     */
    public StoredObject put(String key, InputStream body, long length, String contentType,
            Map<String, String> metadata) {
        HashingInputStream hashing = new HashingInputStream(body);
        byte[] part = new byte[(int) Math.min(length, partSize)];
        String versionId = length <= partSize
                ? putWhole(key, hashing, part, contentType, metadata)
                : putInParts(key, hashing, length, part, contentType, metadata);
        return new StoredObject(key, versionId, length, hashing.sha256Hex());
    }

    private String putWhole(String key, HashingInputStream body, byte[] buffer, String contentType,
            Map<String, String> metadata) {
        int size = fill(body, buffer);
        if (size < buffer.length) {
            throw new BodyStreamException("the request body ended after " + size + " of " + buffer.length + " bytes",
                    null);
        }
        return s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength((long) size)
                .metadata(metadata), bytes(buffer, size, contentType)).versionId();
    }

    private String putInParts(String key, HashingInputStream body, long length, byte[] buffer, String contentType,
            Map<String, String> metadata) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType)
                .metadata(metadata)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            while (sent < length) {
                int size = fill(body, buffer);
                long expected = Math.min(buffer.length, length - sent);
                if (size < expected) {
                    throw new BodyStreamException("the request body ended after " + (sent + size) + " of " + length
                            + " bytes", null);
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) size), bytes(buffer, size, contentType)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                sent += size;
            }
            return s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).versionId();
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    /** Reads until {@code buffer} is full or the body ends: the bytes read. */
    private static int fill(HashingInputStream body, byte[] buffer) {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int n = body.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            throw new BodyStreamException("the request body broke off after " + body.count() + " bytes", e);
        }
        return filled;
    }

    // Re-readable from the buffer, so the SDK can retry without the client resending.
    private static RequestBody bytes(byte[] buffer, int size, String contentType) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, size), size, contentType);
    }

    /**
     * Copies one version of {@code sourceKey} (server-side) to a new version of {@code targetKey}
     * with fresh metadata ({@link ObjectMissingException} if the source is gone).
     */
    public String copy(String sourceKey, String sourceVersionId, String targetKey, String contentType,
            Map<String, String> metadata) {
        return copy(sourceKey, sourceVersionId, targetKey, contentType, metadata, null);
    }

    /** A copy served with {@code Cache-Control: public, max-age=<maxAge>} (a CDN copy). */
    public String copyForCdn(String sourceKey, String sourceVersionId, String targetKey, String contentType,
            Duration maxAge) {
        return copy(sourceKey, sourceVersionId, targetKey, contentType, Map.of(),
                "public, max-age=" + maxAge.toSeconds());
    }

    private String copy(String sourceKey, String sourceVersionId, String targetKey, String contentType,
            Map<String, String> metadata, String cacheControl) {
        try {
            return s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(sourceKey).sourceVersionId(sourceVersionId)
                    .destinationBucket(bucket).destinationKey(targetKey)
                    .metadataDirective(MetadataDirective.REPLACE).contentType(contentType).metadata(metadata)
                    .cacheControl(cacheControl))
                    .versionId();
        } catch (S3Exception e) {
            throw missingOr(e, sourceKey, sourceVersionId);
        }
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

    /** Reads one version back through SHA-256, streaming: the hex digest ({@link ObjectMissingException} if gone). */
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
        } catch (S3Exception e) {
            throw missingOr(e, key, versionId);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Copy and read fail with 404 when another request removed the object version first. */
    private static RuntimeException missingOr(S3Exception e, String key, String versionId) {
        return e.statusCode() == 404 ? new ObjectMissingException(key + "@" + versionId + " is gone", e) : e;
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
