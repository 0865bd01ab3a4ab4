package io.moirai.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.channel.RemoteChannel;
import io.moirai.runtime.MoiraiRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A member in a JVM of its own for the channel audit: {@code <cluster> <basePort> <ports>} joins and
 * serves, prints {@code READY <uuid>}, then obeys lines on stdin:
 * {@code open <name> <capacity>} prints {@code OPENED} or {@code OPENFAIL <exception>};
 * {@code send <name> <from> <to>} sends from..to-1 on a thread of its own, printing
 * {@code SENT <i>} after each completed send and {@code SENDDONE} or {@code SENDFAIL <exception>};
 * {@code recv <name> <millis>} prints {@code RECV <e>}, {@code RECVNULL} or {@code RECVFAIL <exception>};
 * {@code close <name>} prints {@code CLOSED <true|false>}. The end of stdin ends the JVM.
 */
public final class ChannelMemberMain {

    private ChannelMemberMain() {
    }

    private static final PrintStream OUT = System.out;

    private static synchronized void say(String line) {
        OUT.println(line);
        OUT.flush();
    }

    /**
     * Starts the member.
     *
     * @param args cluster name, base port, port count
     * @throws Exception when start-up fails
     */
    public static void main(String[] args) throws Exception {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(TestMembers.config(args[0], Integer.parseInt(args[1]),
                Integer.parseInt(args[2])));
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        MoiraiCluster cluster = MoiraiCluster.join(hz, runtime);
        say("READY " + hz.getCluster().getLocalMember().getUuid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split(" ");
            try {
                switch (w[0]) {
                    case "open" -> {
                        cluster.channel(w[1], Integer.parseInt(w[2]));
                        say("OPENED");
                    }
                    case "send" -> {
                        RemoteChannel<Integer> c = cluster.channel(w[1], capacityOf(cluster, w[1]));
                        int from = Integer.parseInt(w[2]);
                        int to = Integer.parseInt(w[3]);
                        Thread.ofPlatform().daemon().start(() -> {
                            try {
                                for (int i = from; i < to; i++) {
                                    c.send(i);
                                    say("SENT " + i);
                                }
                                say("SENDDONE");
                            } catch (Throwable t) {
                                say("SENDFAIL " + t);
                            }
                        });
                    }
                    case "recv" -> {
                        RemoteChannel<Integer> c = cluster.channel(w[1], capacityOf(cluster, w[1]));
                        Integer e = c.receive(Long.parseLong(w[2]), TimeUnit.MILLISECONDS);
                        say(e == null ? "RECVNULL" : "RECV " + e);
                    }
                    case "recvbg" -> {
                        RemoteChannel<Integer> c = cluster.channel(w[1], capacityOf(cluster, w[1]));
                        Thread.ofPlatform().daemon().start(() -> {
                            try {
                                Integer e = c.receive(Long.parseLong(w[2]), TimeUnit.MILLISECONDS);
                                say(e == null ? "RECVNULL" : "RECV " + e);
                            } catch (Throwable t) {
                                say("RECVFAIL " + t);
                            }
                        });
                        say("WAITING");
                    }
                    case "leave" -> {
                        cluster.close();
                        hz.shutdown();
                        say("LEFT");
                    }
                    case "close" -> say("CLOSED " + cluster.channel(w[1], capacityOf(cluster, w[1])).close());
                    default -> say("UNKNOWN " + line);
                }
            } catch (Throwable t) {
                say(w[0].toUpperCase() + "FAIL " + t);
            }
        }
        cluster.close();
        hz.getLifecycleService().terminate();
        runtime.close();
        System.exit(0);
    }

    private static int capacityOf(MoiraiCluster cluster, String name) {
        return cluster.hazelcast().getConfig().getQueueConfig(ClusterChannel.QUEUE_PREFIX + name).getMaxSize();
    }
}
