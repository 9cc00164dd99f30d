package io.eventplatform.materials.storage;

/** The client's request body broke off or did not match its declared length while being stored. */
public class BodyStreamException extends RuntimeException {

    public BodyStreamException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
