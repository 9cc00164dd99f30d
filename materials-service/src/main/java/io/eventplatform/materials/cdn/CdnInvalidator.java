package io.eventplatform.materials.cdn;

/**
 * Tells the CDN to forget a path, so a withdrawn copy stops being served before its
 * {@code max-age} runs out. The pending deletion that removed the copy calls it, and retries it
 * when it fails.
 */
public interface CdnInvalidator {

    /**
     * Invalidates one public path (as served, percent-encoded, starting with {@code /static/}).
     *
     * @param callerReference the same for every retry of one withdrawal, so the CDN makes one invalidation
     */
    void invalidate(String path, String callerReference);
}
