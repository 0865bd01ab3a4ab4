package io.moirai.channel;

import java.io.Serial;

/**
 * Thrown by a send on a channel that is closed for sending, and by a receive on a channel that
 * is closed and drained.
 *
 * <p>It is an {@link IllegalStateException}: the channel is in a state where the operation
 * cannot take place. A sender that sees it knows its element was not delivered; a receiver that
 * sees it knows no element will ever arrive.
 */
public class ChannelClosedException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message.
     *
     * @param message what was closed
     */
    public ChannelClosedException(String message) {
        super(message);
    }
}
