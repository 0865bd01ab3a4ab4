package io.moirai.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.moirai.runtime.Lane;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The only object Hazelcast's executor carries for Moirai: opaque payload bytes, the lane to run
 * them on, a label for logs, and the sending member (a chunk whose sender left is stopped, see
 * {@link MemberServer}). It is {@link DataSerializable}, not Java-serializable, so that
 * Hazelcast never Java-deserializes anything of Moirai's (its own filter can stay strict) and the
 * payload is read only by the receiving member's {@link MemberServer}, through its allow-list.
 * Its reply is bytes too (see {@link Payloads}).
 */
final class PayloadTask implements Callable<byte[]>, DataSerializable, HazelcastInstanceAware {

    private byte[] payload;
    private Lane lane;
    private String label;
    private UUID sender;
    private transient HazelcastInstance instance;

    /** For Hazelcast's deserialization. */
    public PayloadTask() {
    }

    PayloadTask(byte[] payload, Lane lane, String label, UUID sender) {
        this.payload = payload;
        this.lane = lane;
        this.label = label;
        this.sender = sender;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public byte[] call() {
        MemberServer server = instance == null ? null : MemberServer.of(instance);
        if (server == null) {
            return Payloads.message(Payloads.NOT_SERVING, "this member does not serve Moirai work");
        }
        try {
            return server.serve(payload, lane, label, sender);
        } catch (Throwable e) {
            // nothing of the work may escape as a failed invocation, which the sender reads as this
            // member's departure; only a Hazelcast going away under the server means that
            return server.leaving(e) ? Payloads.message(Payloads.NOT_SERVING, "this member is shutting down")
                    : Payloads.failed(e);
        }
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(payload);
        out.writeByte(lane.ordinal());
        out.writeString(label);
        out.writeLong(sender.getMostSignificantBits());
        out.writeLong(sender.getLeastSignificantBits());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        payload = in.readByteArray();
        lane = Lane.values()[in.readByte()];
        label = in.readString();
        sender = new UUID(in.readLong(), in.readLong());
    }

    @Override
    public String toString() {
        return "MoiraiPayload[" + label + ", " + (payload == null ? 0 : payload.length) + " bytes, " + lane + "]";
    }
}
