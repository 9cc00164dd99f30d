package io.eventplatform.materials.material;

/** A conditional write lost: someone else changed the item first, or it no longer exists. */
public class WriteConflictException extends RuntimeException {

    public WriteConflictException(String message) {
        super(message, null, false, false);
    }
}
