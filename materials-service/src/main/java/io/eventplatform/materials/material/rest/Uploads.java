package io.eventplatform.materials.material.rest;

/** The rate limit every way of uploading a file shares, per client address (rate-limit.limits.uploads). */
final class Uploads {

    static final String LIMIT = "uploads";

    private Uploads() {
    }
}
