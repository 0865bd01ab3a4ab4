package io.moirai.jcstress.concurrent;

/**
 * An element whose field is written by its constructor before it is offered or pushed. The field
 * is not {@code final}: final fields are safely published by the JVM whatever the structure does,
 * so only a plain field shows whether the queue or stack itself publishes what the producer
 * wrote.
 */
final class Payload {

    int value;

    Payload(int value) {
        this.value = value;
    }

    /** The value of {@code payload}, or 0 for {@code null}. */
    static int valueOf(Payload payload) {
        return payload == null ? 0 : payload.value;
    }
}
