package io.eventplatform.materials.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where materials are stored and what the service accepts. */
@ConfigMapping(prefix = "materials")
public interface MaterialsConfig {

    /** The versioned S3 bucket holding material objects ({@code MATERIALS_BUCKET}). */
    @WithDefault("event-management-materials")
    String bucket();

    /**
     * Media types a material may have ({@code MATERIALS_ALLOWED_CONTENT_TYPES}, comma-separated);
     * parameters such as {@code ;charset=} are ignored when comparing.
     */
    @WithDefault("application/pdf,image/png,image/jpeg,image/webp,text/plain,text/markdown,video/mp4,"
            + "application/vnd.openxmlformats-officedocument.presentationml.presentation,"
            + "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    Set<String> allowedContentTypes();

    /** Largest material accepted at all, through either upload path ({@code MATERIALS_MAX_SIZE}). */
    @WithDefault("500M")
    MemorySize maxSize();

    /**
     * Largest file accepted as a request body to this service ({@code MATERIALS_MAX_DIRECT_UPLOAD_SIZE});
     * larger ones go through a presigned upload. {@code quarkus.http.limits.max-body-size} follows it.
     */
    @WithDefault("64M")
    MemorySize maxDirectUploadSize();

    /**
     * How much of a file streamed through the service is held in memory at once
     * ({@code MATERIALS_UPLOAD_PART_SIZE}); larger files go to S3 as multipart uploads of this
     * part size (at least 5M, S3's minimum).
     */
    @WithDefault("8M")
    MemorySize uploadPartSize();

    /** How long a presigned upload URL stays valid ({@code MATERIALS_UPLOAD_LINK_TTL}). */
    @WithDefault("PT15M")
    Duration uploadLinkTtl();

    /** How long a presigned download URL stays valid ({@code MATERIALS_DOWNLOAD_LINK_TTL}). */
    @WithDefault("PT5M")
    Duration downloadLinkTtl();

    /**
     * Base URL of the CDN that serves the bucket's {@code static/} prefix with the path unchanged
     * ({@code MATERIALS_CDN_BASE_URL}, e.g. {@code https://d111111abcdef8.cloudfront.net}); when set,
     * public published materials get CDN links instead of presigned ones.
     */
    Optional<URI> cdnBaseUrl();

    /**
     * How long the CDN and browsers may keep a published copy ({@code MATERIALS_CDN_MAX_AGE}): its
     * {@code Cache-Control: max-age}. New bytes get a new URL (the path carries their hash), so this
     * only bounds how long a withdrawn copy stays downloadable after unpublishing.
     */
    @WithDefault("PT5M")
    Duration cdnMaxAge();
}
