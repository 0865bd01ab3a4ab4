package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.replicatedmap.ReplicatedMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listeners hear of a departure once, and a member whose registration another removed by
 * mistake registers again.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MembershipEventsTest {

    private final TestMembers members = new TestMembers("membership", 15890, 3);

    @AfterEach
    void close() {
        members.close();
    }

    /**
     * Hazelcast reports one departure several ways (the member leaves, then every survivor
     * removes its registration); a listener counting departures once counted each.
     */
    @Test
    void aDepartureIsReportedOnce() {
        Map<UUID, AtomicInteger> gone = new ConcurrentHashMap<>();
        members.caller().addListener(new ClusterListener() {
            @Override
            public void memberGone(UUID member) {
                gone.computeIfAbsent(member, m -> new AtomicInteger()).incrementAndGet();
            }
        });
        UUID victim = members.instances.get(2).getCluster().getLocalMember().getUuid();
        members.instances.get(2).getLifecycleService().terminate();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gone.containsKey(victim));
        // every survivor's removal of the registration reaches the caller within a moment
        Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> gone.get(victim).get() == 1);
        assertThat(gone).containsOnlyKeys(victim);
    }

    /**
     * A member that wakes from a long pause takes every other member for dead and removes their
     * registrations, which can reach the cluster before that member is split off: each member
     * whose own registration is removed while it serves registers again, and the others see it
     * serving again.
     */
    @Test
    void aMemberWhoseRegistrationWasRemovedByMistakeRegistersAgain() {
        MoiraiCluster caller = members.caller();
        UUID mistaken = members.instances.get(1).getCluster().getLocalMember().getUuid();
        ReplicatedMap<UUID, Integer> registry = members.instances.getFirst().getReplicatedMap(MoiraiCluster.REGISTRY);
        List<UUID> served = new java.util.concurrent.CopyOnWriteArrayList<>();
        caller.addListener(new ClusterListener() {
            @Override
            public void memberServing(UUID member) {
                served.add(member);
            }
        });
        registry.remove(mistaken);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> served.contains(mistaken));
        members.awaitServing(3);
        assertThat(registry.containsKey(mistaken)).isTrue();
    }
}
