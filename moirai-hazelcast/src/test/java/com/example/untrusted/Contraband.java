package com.example.untrusted;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;

/**
 * A serializable class outside every allow-list the tests use: its {@code readObject} records
 * that it ran, so a test can tell that a refused element was never deserialized.
 */
public final class Contraband implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Set when an instance is deserialized anywhere in this JVM. */
    public static volatile boolean deserialized;

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        deserialized = true;
    }
}
