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

    /**
     * The CloudFront distribution that serves {@code static/} ({@code MATERIALS_CLOUDFRONT_DISTRIBUTION_ID});
     * when set, a withdrawn copy's path is invalidated once the copy is deleted. Unset locally, where
     * nothing caches copies longer than {@link #cdnMaxAge()}.
     */
    Optional<String> cloudfrontDistributionId();

    /**
     * Where the CloudFront API is reached ({@code MATERIALS_CLOUDFRONT_ENDPOINT}); unset means AWS's
     * own endpoint. Tests point it at a local stand-in that records the requests.
     */
    Optional<URI> cloudfrontEndpoint();

    /** Retrying bucket deletions that failed (pending-deletion items in the table). */
    DeletionRetry deletionRetry();

    /** How pending bucket deletions are retried. */
    interface DeletionRetry {

        /** How often the table is swept for deletions that are due ({@code MATERIALS_DELETION_RETRY_INTERVAL}). */
        @WithDefault("30s")
        String interval();

        /** The wait after the first failed attempt; it doubles with each further failure ({@code MATERIALS_DELETION_RETRY_INITIAL_BACKOFF}). */
        @WithDefault("PT30S")
        Duration initialBackoff();

        /** The longest wait between two attempts ({@code MATERIALS_DELETION_RETRY_MAX_BACKOFF}). */
        @WithDefault("PT1H")
        Duration maxBackoff();

        /**
         * How long one attempt owns a deletion ({@code MATERIALS_DELETION_RETRY_CLAIM}): the writer's
         * first try and a sweep's claim hold it this long, so two instances never work on it at once,
         * and a crash mid-attempt only delays it.
         */
        @WithDefault("PT2M")
        Duration claim();
    }
}
