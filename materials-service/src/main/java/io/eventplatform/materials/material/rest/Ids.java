package io.eventplatform.materials.material.rest;

/** What an id in a path may look like: it ends up in S3 keys, so no separators and no '..'. */
final class Ids {

    static final String PATTERN = "(?!.*\\.\\.)[A-Za-z0-9._-]{1,100}";
    static final String MESSAGE = "must be 1-100 letters, digits, '.', '_' or '-'";

    private Ids() {
    }
}
