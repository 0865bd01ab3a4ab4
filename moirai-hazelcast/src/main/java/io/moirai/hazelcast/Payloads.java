package io.moirai.hazelcast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
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
 * serialized failure (FAILED), or a UTF-8 message (REFUSED, NOT_SERVING, BUSY).
 *
 * <p>NOT_SERVING says the member left or stops serving: the sender takes the work back and leaves
 * the member out until it registers again. BUSY says the member's runtime refused to queue the
 * work for now (a bounded queue is full): the work never started there, and the sender sends it
 * again later, to that member or another, without taking the member for gone.
 */
final class Payloads {

    static final byte OK = 0;
    static final byte FAILED = 1;
    static final byte REFUSED = 2;
    static final byte NOT_SERVING = 3;
    static final byte BUSY = 4;

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

    /**
     * Reads bytes made by {@link #write} (ignoring their first byte) through {@code filter}. A
     * refusal fails with an {@link InvalidClassException} whose message names the refused class
     * (the JDK's says only "filter status: REJECTED").
     */
    static Object read(byte[] bytes, PayloadFilter filter) throws IOException, ClassNotFoundException {
        Recording recording = new Recording(filter);
        try (ObjectInputStream in = new FilteredInput(new ByteArrayInputStream(bytes, 1, bytes.length - 1), recording)) {
            return in.readObject();
        } catch (InvalidClassException e) {
            if (recording.refused == null) {
                throw e;
            }
            InvalidClassException named = new InvalidClassException("it holds " + recording.refused
                    + ", which is not in the allowed packages " + filter.prefixes() + " (filter status: REJECTED)");
            named.initCause(e);
            throw named;
        }
    }

    static byte[] ok(Object value) throws IOException {
        byte[] bytes = write(value);
        bytes[0] = OK;
        return bytes;
    }

    /**
     * A failure as a reply, Errors included; one that cannot be serialized (whatever its
     * serialization throws) travels as its class, message and trace, and one that cannot even be
     * described so (its {@code getMessage} or trace throws) as its class name.
     */
    static byte[] failed(Throwable failure) {
        byte[] bytes;
        try {
            bytes = write(failure);
        } catch (Throwable notSerializable) {
            bytes = described(failure);
        }
        bytes[0] = FAILED;
        return bytes;
    }

    private static byte[] described(Throwable failure) {
        try {
            return write(new RemoteFailureException(failure));
        } catch (Throwable undescribable) {
            try {
                return write(new RemoteFailureException(failure.getClass().getName()
                        + " (neither serializable nor describable on the member: " + undescribable.getClass().getName() + ")"));
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
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

    /** The filter of one read, remembering the class it refused so that the refusal can name it. */
    private static final class Recording implements ObjectInputFilter {
        private final PayloadFilter filter;
        private String refused;

        Recording(PayloadFilter filter) {
            this.filter = filter;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Status status = filter.checkInput(info);
            if (status == Status.REJECTED && refused == null && info.serialClass() != null) {
                Class<?> type = info.serialClass();
                while (type.isArray()) {
                    type = type.getComponentType();
                }
                refused = type.getName();
            }
            return status;
        }
    }

    /** Resolves classes through the context class loader where there is one (application servers, Boot jars). */
    private static final class FilteredInput extends ObjectInputStream {
        FilteredInput(ByteArrayInputStream in, ObjectInputFilter filter) throws IOException {
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

        RemoteFailureException(String description) {
            super(description);
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
