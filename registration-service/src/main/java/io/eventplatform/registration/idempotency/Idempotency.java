package io.eventplatform.registration.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.eventplatform.registration.config.RegistrationConfig;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/**
 * {@code Idempotency-Key} semantics for every write: the first answer is stored with the write
 * in one transaction; a retry with the same key gets that answer back and writes nothing; the
 * same key with a different request is refused with 422.
 */
@ApplicationScoped
public class Idempotency {

    public static final ProblemType KEY_REUSED = ProblemType.of("idempotency-key-reused",
            "Idempotency key used for another request");

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final IdempotencyRepository repository;
    private final RegistrationConfig config;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final Clock clock;

    public Idempotency(IdempotencyRepository repository, RegistrationConfig config, ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.json = json;
        // Map order in a body (answers) must not make two equal requests look different.
        this.canonicalJson = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.clock = clock;
    }

    /** Identifies a write; {@code key} may be null (the write is then simply not idempotent). */
    public IdempotentRequest request(String operation, String key, String range, Object body) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-128 characters of A-Z a-z 0-9 _ . : -");
        }
        return new IdempotentRequest(operation, key, range, hash(operation + "\n" + range + "\n" + canonical(body)));
    }

    /** The remembered answer to this request, if any; 422 if the key was used for a different request. */
    public <T> Optional<Answer<T>> replay(IdempotentRequest request, Class<T> type) {
        if (!request.hasKey()) {
            return Optional.empty();
        }
        return repository.find(request).map(stored -> {
            if (!stored.requestHash().equals(request.requestHash())) {
                throw new ProblemException(422, KEY_REUSED,
                        "This Idempotency-Key was already used with a different request; use a new key.");
            }
            try {
                return new Answer<>(stored.status(), json.readValue(stored.body(), type), true);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored idempotent answer is unreadable", e);
            }
        });
    }

    /** Like {@link #replay} for a request whose key was just taken by a concurrent twin: it must exist. */
    public <T> Answer<T> replayOfConcurrentTwin(IdempotentRequest request, Class<T> type) {
        return replay(request, type).orElseThrow(() -> new IllegalStateException("idempotency item vanished"));
    }

    /** What to store with the write, or null when the request carries no key. */
    public IdempotencyRecord record(IdempotentRequest request, Answer<?> answer) {
        if (!request.hasKey()) {
            return null;
        }
        return new IdempotencyRecord(request, answer.status(), canonical(answer.body()),
                clock.instant().plus(config.idempotencyTtl()));
    }

    private String canonical(Object body) {
        try {
            return canonicalJson.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request did not serialise", e);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
