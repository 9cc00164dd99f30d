package io.eventplatform.shared.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How JSON answers are compressed ({@link HttpCaching}). */
@ConfigMapping(prefix = "api")
public interface HttpCachingConfig {

    /**
     * JSON bodies smaller than this many bytes are sent uncompressed even to clients that accept
     * gzip ({@code API_COMPRESSION_THRESHOLD}): below about a packet, compression costs more than it saves.
     */
    @WithDefault("1024")
    int compressionThreshold();
}
