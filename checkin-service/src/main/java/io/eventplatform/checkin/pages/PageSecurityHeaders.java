package io.eventplatform.checkin.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Security headers on the staff dashboard ({@code /dashboard/}) and the kiosk app ({@code /kiosk/}),
 * the pages this service serves. The policy fits what the pages do and nothing more: scripts,
 * styles, the manifest and the kiosk's service worker from this origin only (no inline code, no
 * eval; jsQR is vendored), fetches and sockets to this origin; camera frames never leave the page
 * as URLs. No framing (clickjacking on the check-in buttons). HSTS only where the page came over
 * TLS, as the ALB or CloudFront tells with {@code X-Forwarded-Proto}; locally over plain HTTP it
 * would pin localhost to HTTPS.
 */
@ApplicationScoped
public class PageSecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; media-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    void install(@Observes Router router) {
        // Before the static resources are served (and before anything else may end the response).
        router.routeWithRegex("/(dashboard|kiosk)(/.*)?").order(Integer.MIN_VALUE + 1).handler(this::headers);
    }

    private void headers(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        if ("https".equalsIgnoreCase(ctx.request().scheme())
                || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"))) {
            headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        ctx.next();
    }
}
