package io.eventplatform.materials.material.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.eventplatform.materials.material.MaterialLink;

/**
 * Where to fetch a material's current bytes.
 *
 * @param url GET this: a presigned S3 URL or a CDN URL
 * @param via {@code presigned} or {@code cdn}
 * @param expiresAt when a presigned URL stops working (absent for CDN URLs)
 * @param fileName file name the download is saved as
 * @param contentType media type
 * @param size bytes
 * @param sha256 hex SHA-256, to check the download
 * @param versionId the S3 version the link serves
 */
@Schema(name = "DownloadLink")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DownloadLinkView(
        @Schema(examples = "https://materials.s3.eu-central-1.amazonaws.com/materials/devconf-2026/0b5f...?X-Amz-Signature=...") String url,
        @Schema(enumeration = { "presigned", "cdn" }, examples = "presigned") String via,
        Instant expiresAt,
        @Schema(examples = "keynote.pdf") String fileName,
        @Schema(examples = "application/pdf") String contentType,
        @Schema(examples = "482133") long size,
        String sha256,
        String versionId) {

    static DownloadLinkView of(MaterialLink link) {
        var m = link.material();
        return new DownloadLinkView(link.url(), link.viaCdn() ? "cdn" : "presigned", link.expiresAt(), m.fileName(),
                m.contentType(), m.size(), m.sha256(), m.versionId());
    }
}
