package io.moirai.hazelcast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The elements of a {@link ClusterChannel} as bytes: written with Java serialization after
 * every class in them is checked against the sending member's allow-list, read back through
 * {@link Payloads#read} and the receiving member's {@link PayloadFilter}.
 *
 * <p>Layout: one leading byte that {@link Payloads#read} skips, the serialization stream, then
 * a {@linkplain #TAG_LENGTH tag} that makes the bytes of every send unique in the cluster (the
 * sending member's id and a counter). The tag is what lets a send racing with {@code close}
 * take back its own element and no other (see ClusterChannel's design note): without it, two
 * sends of equal elements had equal bytes, and a send taking its element back removed the
 * first equal one in the queue, possibly an earlier element of the same sender that had been
 * sent successfully, so the receivers saw that sender's elements out of order. A reader never
 * looks at the tag: {@link ObjectInputStream} stops at the end of the object and ignores the
 * bytes after it, so bytes without a tag read the same.
 *
 * <p>The check on the way out is a courtesy to the sender: it learns at {@code send} that an
 * element could not be received by a member with the same allow-list, instead of a receiver
 * failing later. The check on the way in is the one that protects a member, since members may
 * run with different lists and bytes may reach the queue by other means.
 */
final class ChannelElements {

    /** The length of the tag after the serialization stream: a member id (16 bytes) and a counter (8). */
    static final int TAG_LENGTH = 24;

    /** The counter of the tags, for the whole JVM: with the member's id, unique in the cluster. */
    private static final AtomicLong SENDS = new AtomicLong();

    private ChannelElements() {
    }

    /**
     * The element's bytes, in the layout of {@link Payloads#write} (one leading byte that
     * {@link Payloads#read} skips), followed by a tag unique to this send.
     *
     * @param sender the sending member's id, the first part of the tag
     * @throws IllegalArgumentException if the element holds a class outside the allow-list or
     *                                  one that is not serializable
     */
    static byte[] write(Object element, PayloadFilter filter, String channel, UUID sender) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        bytes.write(Payloads.OK);
        try (ObjectOutputStream out = new CheckedOutput(bytes, filter, channel)) {
            out.writeObject(element);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("channel '" + channel + "' carries serializable elements only, "
                    + "and this one holds a " + e.getMessage() + ", which is not", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("channel '" + channel + "' could not serialize the element: " + e, e);
        } catch (IllegalArgumentException e) {
            throw e; // the allow-list's refusal (CheckedOutput), already naming the channel and the class
        } catch (RuntimeException e) {
            // a writeObject of the element's own classes threw: refused like an element that cannot be written
            throw new IllegalArgumentException("channel '" + channel + "' could not serialize the element: "
                    + "its serialization threw " + e, e);
        }
        bytes.writeBytes(ByteBuffer.allocate(TAG_LENGTH).putLong(sender.getMostSignificantBits())
                .putLong(sender.getLeastSignificantBits()).putLong(SENDS.incrementAndGet()).array());
        return bytes.toByteArray();
    }

    /**
     * The element in {@code bytes}, read through the allow-list.
     *
     * @throws IllegalStateException if the bytes hold a class outside the allow-list (nothing
     *                               of it is instantiated) or cannot be read
     */
    static Object read(byte[] bytes, PayloadFilter filter, String channel) {
        try {
            return Payloads.read(bytes, filter);
        } catch (InvalidClassException e) {
            throw new IllegalStateException("this member refused an element of channel '" + channel + "' holding "
                    + refusedClass(bytes, filter) + ": not in the allowed packages " + filter.prefixes()
                    + "; it was taken from the channel and dropped without being deserialized", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("an element of channel '" + channel + "' could not be read and was "
                    + "dropped: " + e, e);
        } catch (RuntimeException | LinkageError e) {
            // a readObject of the element's own classes threw, or one of them failed to load or
            // initialise here (NoClassDefFoundError, ExceptionInInitializerError): the element is
            // gone all the same. Other Errors (out of memory) are the JVM's, not the element's.
            throw new IllegalStateException("an element of channel '" + channel + "' could not be read and was "
                    + "dropped: its deserialization threw " + e, e);
        }
    }

    /**
     * The first class in {@code bytes} outside the allow-list, for the message of a refusal (the
     * JDK's {@link InvalidClassException} does not name it). It reads the bytes again with a filter
     * that stops at that class, so only allowed classes are instantiated, as in the first read.
     */
    private static String refusedClass(byte[] bytes, PayloadFilter filter) {
        String[] refused = {"a class"};
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            in.setObjectInputFilter(info -> {
                Class<?> t = info.serialClass();
                while (t != null && t.isArray()) {
                    t = t.getComponentType();
                }
                if (t == null) {
                    return ObjectInputFilter.Status.UNDECIDED;
                }
                if (t.isPrimitive() || filter.allowed(t.getName())) {
                    return ObjectInputFilter.Status.ALLOWED;
                }
                refused[0] = t.getName();
                return ObjectInputFilter.Status.REJECTED;
            });
            in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException expected) {
            // the refusal, or a class this loader cannot resolve: the name found so far is all there is
        }
        return refused[0];
    }

    /** Checks every class whose descriptor goes into the stream, the way the filter will on the way in. */
    private static final class CheckedOutput extends ObjectOutputStream {
        private final PayloadFilter filter;
        private final String channel;

        CheckedOutput(OutputStream out, PayloadFilter filter, String channel) throws IOException {
            super(out);
            this.filter = filter;
            this.channel = channel;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            check(type);
        }

        @Override
        protected void annotateProxyClass(Class<?> type) {
            check(type);
        }

        private void check(Class<?> type) {
            Class<?> t = type;
            while (t.isArray()) {
                t = t.getComponentType();
            }
            if (!t.isPrimitive() && !filter.allowed(t.getName())) {
                throw new IllegalArgumentException("channel '" + channel + "' refuses an element holding "
                        + t.getName() + ": it is not in the allowed packages " + filter.prefixes()
                        + " (see ClusterOptions.allowPackages)");
            }
        }
    }
}
