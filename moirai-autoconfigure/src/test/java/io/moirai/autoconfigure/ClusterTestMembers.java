package io.moirai.autoconfigure;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Properties that keep a test's embedded members to themselves: a cluster name no other test (or
 * other build on the machine) uses, and a port range of their own on loopback. The embedded
 * member has multicast and every discovery off; with members listed it joins over TCP-IP only.
 */
public final class ClusterTestMembers {

    private ClusterTestMembers() {
    }

    /**
     * A fresh cluster name and base port for the members of one test.
     *
     * @return {@code moirai.cluster.name=...} and {@code moirai.cluster.port=...}
     */
    public static String[] isolated() {
        int port = 6100 + ThreadLocalRandom.current().nextInt(0, 180) * 10;
        return new String[] { "moirai.cluster.name=test-" + UUID.randomUUID(), "moirai.cluster.port=" + port };
    }
}
