package io.eventplatform.materials.material;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.materials.storage.MaterialsConfig;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/** The configured limits on material files: content types, sizes, and safe file names. */
@ApplicationScoped
public class FilePolicy {

    static final int MAX_FILE_NAME_LENGTH = 200;
    private static final Pattern UNSAFE_CHARACTERS = Pattern.compile("[^\\p{L}\\p{N} ._()+-]");
    private static final Pattern PATH_TRICKS = Pattern.compile("[/\\\\\\p{Cntrl}]|^\\.|^~");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Set<String> allowedContentTypes;
    private final long maxSize;
    private final long maxDirectUploadSize;

    public FilePolicy(MaterialsConfig config) {
        this.allowedContentTypes = config.allowedContentTypes().stream().map(FilePolicy::bare)
                .collect(Collectors.toUnmodifiableSet());
        this.maxSize = config.maxSize().asLongValue();
        this.maxDirectUploadSize = config.maxDirectUploadSize().asLongValue();
    }

    /** The media type without parameters, lower-case, if allowed; else 415. */
    public String contentType(String declared) {
        String type = declared == null ? "" : bare(declared);
        if (!allowedContentTypes.contains(type)) {
            throw new ProblemException(415, MaterialProblems.UNSUPPORTED_CONTENT_TYPE,
                    "Materials may be " + String.join(", ", allowedContentTypes.stream().sorted().toList())
                            + "; not '" + (declared == null ? "" : declared) + "'.");
        }
        return type;
    }

    /** A body sent to the service itself: needs a length, not empty, within the direct-upload limit. */
    public void checkDirectUpload(Long contentLength) {
        if (contentLength == null || contentLength < 0) {
            throw new ProblemException(411, MaterialProblems.LENGTH_REQUIRED,
                    "Send the file with a Content-Length header (no chunked bodies).");
        }
        checkSize(contentLength);
        if (contentLength > maxDirectUploadSize) {
            throw new ProblemException(413, ProblemType.PAYLOAD_TOO_LARGE, "Files over " + maxDirectUploadSize
                    + " bytes go through a presigned upload (POST .../uploads), not the request body.");
        }
    }

    /** Any material: not empty, within the overall limit. */
    public void checkSize(long size) {
        if (size <= 0) {
            throw new ProblemException(400, MaterialProblems.EMPTY_FILE, "The file is empty.");
        }
        if (size > maxSize) {
            throw new ProblemException(413, ProblemType.PAYLOAD_TOO_LARGE,
                    "Materials may be at most " + maxSize + " bytes; this one has " + size + ".");
        }
    }

    /**
     * A file name safe to show, store and put in a URL: path separators, control characters and
     * leading dots are refused (400); other unusual characters become {@code _}.
     */
    public String fileName(String given) {
        if (given == null || given.isBlank()) {
            throw MaterialProblems.invalidFileName("A file name is required.");
        }
        String name = Normalizer.normalize(given.strip(), Normalizer.Form.NFC);
        if (PATH_TRICKS.matcher(name).find() || name.contains("..")) {
            throw MaterialProblems.invalidFileName(
                    "A file name may not contain path separators, control characters or '..', nor start with '.' or '~'.");
        }
        name = WHITESPACE.matcher(UNSAFE_CHARACTERS.matcher(name).replaceAll("_")).replaceAll(" ");
        // Windows drops trailing dots and spaces; keep names that round-trip.
        name = name.replaceAll("[. ]+$", "");
        if (name.isEmpty() || name.length() > MAX_FILE_NAME_LENGTH) {
            throw MaterialProblems.invalidFileName("A file name must have 1 to " + MAX_FILE_NAME_LENGTH
                    + " characters.");
        }
        return name;
    }

    /** A media type without its parameters, lower-case. */
    static String bare(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
