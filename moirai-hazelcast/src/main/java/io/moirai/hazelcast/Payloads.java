package io.moirai.hazelcast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.StringWriter;
import java.util.Arrays;

/**
 * Moirai's payloads as bytes: Java serialization out, Java serialization through a
 * {@link PayloadFilter} in. A reply is one status byte followed by the serialized value (OK), the
 * serialized failure (FAILED), or a UTF-8 message (REFUSED, NOT_SERVING).
 */
final class Payloads {

    static final byte OK = 0;
    static final byte FAILED = 1;
    static final byte REFUSED = 2;
    static final byte NOT_SERVING = 3;

    private Payloads() {
    }

    static byte[] write(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(0);   // room for the status byte of a reply
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** Reads bytes made by {@link #write} (ignoring their first byte) through {@code filter}. */
    static Object read(byte[] bytes, PayloadFilter filter) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new FilteredInput(new ByteArrayInputStream(bytes, 1, bytes.length - 1), filter)) {
            return in.readObject();
        }
    }

    static byte[] ok(Object value) throws IOException {
        byte[] bytes = write(value);
        bytes[0] = OK;
        return bytes;
    }

    /** A failure as a reply; one that cannot be serialized travels as its class, message and trace. */
    static byte[] failed(Throwable failure) {
        byte[] bytes;
        try {
            bytes = write(failure);
        } catch (IOException | RuntimeException | StackOverflowError notSerializable) {
            try {
                bytes = write(new RemoteFailureException(failure));
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        bytes[0] = FAILED;
        return bytes;
    }

    static byte[] message(byte status, String message) {
        byte[] text = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 1];
        bytes[0] = status;
        System.arraycopy(text, 0, bytes, 1, text.length);
        return bytes;
    }

    static String message(byte[] reply) {
        return new String(Arrays.copyOfRange(reply, 1, reply.length), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Resolves classes through the context class loader where there is one (application servers, Boot jars). */
    private static final class FilteredInput extends ObjectInputStream {
        FilteredInput(ByteArrayInputStream in, PayloadFilter filter) throws IOException {
            super(in);
            setObjectInputFilter(filter);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the stream's own resolution (primitives, the caller's loader)
                }
            }
            return super.resolveClass(desc);
        }
    }

    /**
     * A member's failure whose exception could not be serialized: its class, message and stack
     * trace, as text.
     */
    static final class RemoteFailureException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        RemoteFailureException(Throwable failure) {
            super(failure.getClass().getName() + ": " + failure.getMessage()
                    + " (not serializable; its trace on the member follows)\n" + trace(failure));
            setStackTrace(failure.getStackTrace());
        }

        private static String trace(Throwable failure) {
            StringWriter text = new StringWriter();
            failure.printStackTrace(new PrintWriter(text));
            return text.toString();
        }
    }

    /** True when {@code e}, or a cause of it, is the allow-list's refusal. */
    static boolean refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidClassException i && String.valueOf(i.getMessage()).contains("REJECTED")) {
                return true;
            }
        }
        return false;
    }
}
