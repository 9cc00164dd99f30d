package io.eventplatform.local;

import io.eventplatform.shared.problem.ProblemResponses;
import io.eventplatform.shared.problem.ProblemType;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The bucket's errors under {@code /static/} as problem+json instead of S3's XML, as CloudFront's
 * custom error responses would answer them: a missing key (404, or 403 where the reader may not list
 * the bucket, as CloudFront's origin access control is) is a 404 {@code not-found}; an S3 failure is a
 * 502 {@code upstream-unavailable}; any other error keeps its status with the generic type for it.
 * Everything else (200, 206, 304) passes unchanged.
 */
final class StaticErrors implements ProxyInterceptor {

    static final String MISSING_DETAIL = "No published material at this path.";

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        int status = response.getStatusCode();
        if (status < 400) {
            return context.sendResponse();
        }
        discard(response.getBody());
        int answered = status == 403 || status == 404 ? 404 : status >= 500 ? 502 : status;
        ProblemType type = answered == 502 ? Gateway.UPSTREAM_UNAVAILABLE : ProblemType.forStatus(answered);
        String detail = answered == 404 ? MISSING_DETAIL
                : answered == 502 ? "The bucket behind /static/ failed; try again shortly."
                : "The bucket refused this request (HTTP " + status + ").";
        String path = context.request().proxiedRequest().path();
        response.setStatusCode(answered).setStatusMessage(HttpResponseStatus.valueOf(answered).reasonPhrase());
        response.headers().clear();
        response.putHeader("content-type", ProblemResponses.MEDIA_TYPE);
        boolean head = context.request().getMethod() == HttpMethod.HEAD;
        response.setBody(Body.body(head ? Buffer.buffer() : Buffer.buffer(Gateway.problemJson(path, answered, type,
                detail))));
        return context.sendResponse();
    }

    /** Reads S3's own error body to its end, so the connection goes back to the pool. */
    private static void discard(Body body) {
        if (body != null) {
            body.stream().handler(ignored -> { }).resume();
        }
    }
}
