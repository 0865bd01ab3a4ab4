package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.collection.IQueue;
import io.moirai.channel.ChannelClosedException;
import io.moirai.channel.RemoteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A cluster channel whose queue's owner is killed while it holds elements: no completed send is lost. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterChannelFailoverTest {

    @Test
    void killingTheMemberThatOwnsTheQueueLosesNoElementWhoseSendCompleted() throws Exception {
        try (TestMembers members = new TestMembers("channel-failover", 15780, 3)) {
            String name = "failover";
            int owner = ownerOf(members, name);
            int first = (owner + 1) % 3;
            int second = (owner + 2) % 3;
            RemoteChannel<Integer> a = members.clusters.get(first).channel(name, 1_000);
            RemoteChannel<Integer> b = members.clusters.get(second).channel(name, 1_000);
            RemoteChannel<Integer> onOwner = members.clusters.get(owner).channel(name, 1_000);
            int total = 600;
            for (int i = 0; i < total; i += 3) {
                a.send(i);
                b.send(i + 1);
                onOwner.send(i + 2);   // sent from the member about to die: completed all the same
            }

            members.clusters.get(owner).close();
            members.instances.get(owner).getLifecycleService().terminate();

            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                Integer e = (i % 2 == 0 ? a : b).receive(30, TimeUnit.SECONDS);   // waits out the failover
                assertThat(e).as("element %d of %d after the kill", i, total).isNotNull();
                received.add(e);
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, total).boxed().toList());
            assertThat(a.tryReceive()).isNull();

            // the survivors keep using it, and close it for both
            b.send(total);
            assertThat(a.close()).isTrue();
            assertThat(b.isClosedForSend()).isTrue();
            assertThat(b.receive()).isEqualTo(total);
            assertThatThrownBy(b::receive).isInstanceOf(ChannelClosedException.class);
            assertThatThrownBy(a::receive).isInstanceOf(ChannelClosedException.class);
        }
    }

    /** The index of the member that owns the partition of the channel's queue. */
    private static int ownerOf(TestMembers members, String name) {
        IQueue<byte[]> queue = members.instances.getFirst().getQueue(ClusterChannel.QUEUE_PREFIX + name);
        Member owner = members.instances.getFirst().getPartitionService().getPartition(queue.getPartitionKey())
                .getOwner();
        UUID uuid = owner.getUuid();
        for (int i = 0; i < members.instances.size(); i++) {
            if (members.instances.get(i).getCluster().getLocalMember().getUuid().equals(uuid)) {
                return i;
            }
        }
        throw new AssertionError("no member owns the queue's partition");
    }
}
