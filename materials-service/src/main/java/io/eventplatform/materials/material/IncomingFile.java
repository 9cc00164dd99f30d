package io.eventplatform.materials.material;

import java.io.InputStream;

/**
 * A file arriving in a request body, not yet read.
 *
 * @param fileName name as the client gave it (sanitised before use)
 * @param contentType media type as declared
 * @param length declared Content-Length, or null when the body is chunked
 * @param expectedSha256 hex SHA-256 the client says the bytes have, or null
 * @param body the bytes, read once while they are stored
 */
public record IncomingFile(String fileName, String contentType, Long length, String expectedSha256,
        InputStream body) {
}
