package io.eventplatform.stack;

/** A failure of the embedded stack with a message meant for the person running it. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
