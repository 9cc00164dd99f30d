package io.eventplatform.materials.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.materials.storage.MaterialsConfig;
import io.eventplatform.shared.problem.BodyLimit;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The materials service's body limits, which the shared router handler enforces from the
 * Content-Length before anything reads the body: files above the direct-upload limit, and JSON
 * documents above {@link #JSON_LIMIT} (JSON is read whole, files are streamed). The HTTP layer's
 * own limit sits above both as a backstop.
 */
@ApplicationScoped
public class BodyLimits implements BodyLimit {

    /** Largest JSON request body: upload requests and edits are a few hundred bytes. */
    static final long JSON_LIMIT = 64 * 1024;

    private final long fileLimit;

    public BodyLimits(MaterialsConfig config) {
        this.fileLimit = config.maxDirectUploadSize().asLongValue();
    }

    @Override
    public long limit(HttpServerRequest request) {
        return isJson(request) ? JSON_LIMIT : fileLimit;
    }

    @Override
    public String detail(HttpServerRequest request, long limit) {
        return isJson(request) ? "JSON request bodies may be at most " + JSON_LIMIT + " bytes."
                : "Files over " + fileLimit + " bytes go through a presigned upload (POST .../uploads), "
                        + "not the request body.";
    }

    private static boolean isJson(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null && contentType.toLowerCase().contains("json");
    }
}
