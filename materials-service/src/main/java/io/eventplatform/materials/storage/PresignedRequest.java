package io.eventplatform.materials.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A request a client may send straight to S3 until it expires.
 *
 * @param method HTTP method
 * @param url the signed URL
 * @param expiresAt when the signature stops being accepted
 * @param headers headers the client must send exactly as given (they are signed)
 */
public record PresignedRequest(String method, String url, Instant expiresAt, Map<String, String> headers) {
}
