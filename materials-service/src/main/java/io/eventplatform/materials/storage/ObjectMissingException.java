package io.eventplatform.materials.storage;

/** An object (version) that was there a moment ago is gone: someone else removed it meanwhile. */
public class ObjectMissingException extends RuntimeException {

    public ObjectMissingException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
