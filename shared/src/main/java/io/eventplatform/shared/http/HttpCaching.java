package io.eventplatform.shared.http;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.ticket.TicketCodec;

/**
 * HTTP the way apps and caches expect it, for every REST answer of a service:
 * <ul>
 * <li>{@code Cache-Control}: {@code private, no-store} for any request carrying a JWT
 * ({@code Authorization}) or a ticket ({@code X-Ticket}), whatever the answer; {@code public,
 * max-age=N} with {@code Vary} for anonymous successes of {@link SharedCache} operations; else
 * {@code no-store}, unless the operation set its own.</li>
 * <li>{@link ConditionalGet} operations: a weak {@code ETag} hashed from the JSON body, and
 * {@code 304} without a body when {@code If-None-Match} names it.</li>
 * <li>JSON objects are serialised here once, so their size is known: below
 * {@code api.compression-threshold} the answer is marked {@code Content-Encoding: identity}, which
 * the server's gzip ({@code quarkus.http.enable-compression}) leaves alone.</li>
 * </ul>
 */
public class HttpCaching {

    static final String VARY = "Authorization, X-Ticket, Accept-Encoding";

    private final ObjectMapper mapper;
    private final int compressionThreshold;

    public HttpCaching(ObjectMapper mapper, HttpCachingConfig config) {
        this.mapper = mapper;
        this.compressionThreshold = config.compressionThreshold();
    }

    @ServerResponseFilter
    public void apply(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        byte[] json = serialisedJson(response);
        if (json != null) {
            response.setEntity(json, response.getEntityAnnotations(), response.getMediaType());
            if (json.length < compressionThreshold) {
                response.getHeaders().putSingle(HttpHeaders.CONTENT_ENCODING, "identity");
            }
        }
        var method = resource == null ? null : resource.getResourceMethod();
        boolean read = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (read && json != null && response.getStatus() == 200 && method != null
                && method.isAnnotationPresent(ConditionalGet.class)) {
            String etag = etag(json);
            response.getHeaders().putSingle(HttpHeaders.ETAG, etag);
            if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
                response.setStatus(304);
                response.setEntity(null);
                response.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
            }
        }
        cacheControl(request, response, read && method != null ? method.getAnnotation(SharedCache.class) : null);
    }

    private static void cacheControl(ContainerRequestContext request, ContainerResponseContext response,
            SharedCache shared) {
        var headers = response.getHeaders();
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || request.getHeaderString(TicketCodec.HEADER) != null) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "private, no-store");
            return;
        }
        if (headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
            return;
        }
        int status = response.getStatus();
        if (shared != null && (status == 200 || status == 304)) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "public, max-age=" + shared.maxAge());
            // A cache must not hand the anonymous answer to a caller with a token, who may see more.
            headers.putSingle(HttpHeaders.VARY, VARY);
        } else {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /** The body as JSON bytes when it is an object Jackson will write, else null (bytes, streams, text). */
    private byte[] serialisedJson(ContainerResponseContext response) {
        Object entity = response.getEntity();
        MediaType type = response.getMediaType();
        if (entity == null || type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || entity instanceof byte[] || entity instanceof String || entity instanceof InputStream
                || entity instanceof StreamingOutput) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A weak validator: the body may reach the client gzipped, which a strong one would have to tell apart. */
    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9110's weak comparison of If-None-Match against our tag; {@code *} matches any current answer. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque.equals(opaque(tag))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
