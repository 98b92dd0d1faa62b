package memlab.util;

/**
 * Bad input or an unusable environment: the CLI prints the message on one line and exits 2.
 * The message says what is wrong and what to do.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
