package org.example.untrusted;

import io.moirai.hazelcast.RemoteCallable;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;

/**
 * A task of a package no member allows: its deserialization must be refused before
 * {@link #readObject} runs.
 */
public final class Untrusted implements RemoteCallable<String> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Set when an instance is deserialized anywhere in this JVM. */
    public static volatile boolean deserialized;

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        deserialized = true;
        in.defaultReadObject();
    }

    @Override
    public String call() {
        return "ran";
    }
}
