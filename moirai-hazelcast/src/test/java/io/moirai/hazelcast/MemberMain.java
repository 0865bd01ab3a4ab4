package io.moirai.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.runtime.MoiraiRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A member in a JVM of its own, started by the failover tests. {@code serve <cluster> <basePort>
 * <ports> <parallelism>} joins the cluster on loopback through its TCP-IP member list and serves;
 * {@code embedded <parallelism>} starts {@link MoiraiCluster#embedded}. It prints
 * {@code READY <uuid>}, then obeys lines on stdin: {@code size} prints {@code SIZE <members>},
 * {@code leave} closes the cluster and shuts Hazelcast down gracefully and prints {@code LEFT};
 * the end of stdin ends the JVM.
 */
public final class MemberMain {

    private MemberMain() {
    }

    /**
     * Starts the member.
     *
     * @param args as the class comment says
     * @throws Exception when start-up fails
     */
    public static void main(String[] args) throws Exception {
        MoiraiRuntime runtime;
        MoiraiCluster cluster;
        HazelcastInstance hz;
        if (args[0].equals("embedded")) {
            runtime = MoiraiRuntime.builder().parallelism(Integer.parseInt(args[1])).build();
            cluster = MoiraiCluster.embedded(runtime);
            hz = cluster.hazelcast();
        } else {
            hz = Hazelcast.newHazelcastInstance(TestMembers.config(args[1], Integer.parseInt(args[2]),
                    Integer.parseInt(args[3])));
            runtime = MoiraiRuntime.builder().parallelism(Integer.parseInt(args[4])).build();
            cluster = MoiraiCluster.join(hz, runtime);
        }
        System.out.println("READY " + hz.getCluster().getLocalMember().getUuid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "size" -> System.out.println("SIZE " + hz.getCluster().getMembers().size());
                case "leave" -> {
                    cluster.close();
                    hz.shutdown();
                    System.out.println("LEFT");
                }
                default -> System.out.println("UNKNOWN " + line);
            }
            System.out.flush();
        }
        cluster.close();
        hz.getLifecycleService().terminate();
        runtime.close();
        System.exit(0);
    }
}
