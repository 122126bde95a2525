package shop.platform.command;

/**
 * The response of a command as stored for its Idempotency-Key: status, JSON body, Location and ETag headers (either
 * may be null). {@code replayed} tells that it comes from the store, not from running the command now.
 */
public record CommandResult(int status, String body, String location, String etag, boolean replayed) {
}
