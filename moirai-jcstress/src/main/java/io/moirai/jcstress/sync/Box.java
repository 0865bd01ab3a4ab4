package io.moirai.jcstress.sync;

/**
 * A value built by its constructor. The field is not {@code final}: final fields are safely
 * published by the JVM whatever the primitive does, so only a plain field shows whether the
 * primitive itself publishes the construction.
 */
final class Box {

    int value;

    Box(int value) {
        this.value = value;
    }
}
