package io.eventplatform.materials.material;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.eventplatform.shared.item.MaterialItem;

/**
 * Where things live in the bucket. Material objects sit under {@code materials/} (private, one
 * versioned key per material, so replacing it makes an S3 version); presigned uploads land under
 * {@code uploads/} until confirmed, restores pass through {@code restores/}; the current version of a public, published material is also
 * copied under {@code static/}, which CloudFront (and the local gateway) serve with the path
 * unchanged. The static key holds the content hash, so a new version gets a new URL and no CDN
 * cache ever serves a replaced file.
 */
final class ObjectKeys {

    static final String STATIC_PREFIX = "static/";

    private ObjectKeys() {
    }

    static String material(String eventId, String materialId) {
        return "materials/" + eventId + "/" + materialId;
    }

    static String staging(String eventId, String uploadId) {
        return "uploads/" + eventId + "/" + uploadId;
    }

    /** A short-lived key a restore copies through. */
    static String scratch(String eventId, String materialId) {
        return "restores/" + eventId + "/" + materialId + "/" + UUID.randomUUID();
    }

    static String staticCopy(MaterialItem material) {
        return STATIC_PREFIX + "events/" + material.eventId() + "/" + material.materialId() + "/"
                + material.sha256().substring(0, 16) + "/" + material.fileName();
    }

    /** The public path of a static copy, as the CDN serves it: each segment percent-encoded. */
    static String cdnPath(String staticKey) {
        StringBuilder path = new StringBuilder();
        for (String segment : staticKey.split("/")) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }
}
