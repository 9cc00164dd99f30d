package io.eventplatform.materials.storage;

/**
 * What S3 says about an object without reading it.
 *
 * @param versionId its current version
 * @param size bytes
 * @param contentType the media type it was stored with
 */
public record ObjectHead(String versionId, long size, String contentType) {
}
