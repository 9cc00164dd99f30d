package io.eventplatform.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventplatform.shared.problem.ProblemType;

/**
 * A request as it reaches a service behind CloudFront and the ALB: the client's Host kept, and
 * the X-Forwarded-* headers the ALB sets for an HTTPS listener on 443. It also carries an
 * X-Forwarded-Host of the client's own, which the ALB would pass through unchecked: services
 * must not use it. Tests send these and check that every absolute URL in the answer is on
 * {@link #PUBLIC_ORIGIN}.
 */
public final class BehindTheAlb {

    public static final String PUBLIC_HOST = "events.example.org";
    public static final String PUBLIC_ORIGIN = "https://" + PUBLIC_HOST;
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)\\b(?:https?|wss?)://[^\\s\"'<>,;]+");

    private BehindTheAlb() {
    }

    /** Host, X-Forwarded-Proto/-Port/-For as the ALB sends them, plus a forged X-Forwarded-Host. */
    public static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", PUBLIC_HOST);
        headers.put("X-Forwarded-Proto", "https");
        headers.put("X-Forwarded-Port", "443");
        headers.put("X-Forwarded-For", "203.0.113.7");
        headers.put("X-Forwarded-Host", "attacker.example");
        return headers;
    }

    /**
     * The absolute URLs in {@code text} (a body or a header value) that are neither on the public
     * origin nor a problem type's identifier: each one a client behind the ALB could not follow.
     */
    public static List<String> urlsOffThePublicOrigin(String text) {
        Matcher urls = ABSOLUTE_URL.matcher(text == null ? "" : text);
        return urls.results().map(m -> m.group()).filter(url -> !url.startsWith(PUBLIC_ORIGIN + "/")
                && !url.equals(PUBLIC_ORIGIN) && !url.startsWith(ProblemType.BASE)).toList();
    }
}
