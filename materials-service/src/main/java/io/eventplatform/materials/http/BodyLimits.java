package io.eventplatform.materials.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.eventplatform.materials.storage.MaterialsConfig;
import io.eventplatform.shared.problem.ProblemResponses;
import io.eventplatform.shared.problem.ProblemType;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses oversized bodies by their Content-Length before anything reads them, as problem+json:
 * files above the direct-upload limit, and JSON documents above {@link #JSON_LIMIT} (JSON is
 * read whole, files are streamed). The HTTP layer's own limit sits above both as a backstop.
 */
@ApplicationScoped
public class BodyLimits {

    /** Largest JSON request body: upload requests and edits are a few hundred bytes. */
    static final long JSON_LIMIT = 64 * 1024;

    private final ProblemResponses problems;
    private final long fileLimit;

    public BodyLimits(ProblemResponses problems, MaterialsConfig config) {
        this.problems = problems;
        this.fileLimit = config.maxDirectUploadSize().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            ctx.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            ctx.next();
            return;
        }
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean json = contentType != null && contentType.toLowerCase().contains("json");
        long limit = json ? JSON_LIMIT : fileLimit;
        if (length <= limit) {
            ctx.next();
            return;
        }
        String detail = json ? "JSON request bodies may be at most " + JSON_LIMIT + " bytes."
                : "Files over " + fileLimit + " bytes go through a presigned upload (POST .../uploads), "
                        + "not the request body.";
        var problem = problems.problem(413, ProblemType.PAYLOAD_TOO_LARGE, detail, ctx.request().path(), List.of());
        // Close: the client may still be sending the body we refuse to read.
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problems.json(problem));
    }
}
