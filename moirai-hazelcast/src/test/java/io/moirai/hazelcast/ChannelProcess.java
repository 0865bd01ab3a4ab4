package io.moirai.hazelcast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link ChannelMemberMain} JVM: its lines are collected as they come, so that a kill keeps what it printed. */
final class ChannelProcess implements AutoCloseable {

    final Process process;
    final UUID uuid;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final PrintWriter in;

    ChannelProcess(String clusterName, int basePort, int ports) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dhazelcast.logging.type=none", "-Dhazelcast.phone.home.enabled=false",
                "-cp", classPath, ChannelMemberMain.class.getName(), clusterName, Integer.toString(basePort),
                Integer.toString(ports)));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                    unread.add(line);
                }
            } catch (IOException ended) {
                // killed
            }
            unread.add("EOF");
        });
        uuid = UUID.fromString(expect("READY", 60).substring("READY ".length()));
    }

    /** The next unread line starting with {@code prefix} (or a FAIL line, or EOF), skipping others. */
    String expect(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (;;) {
            String line = unread.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line " + prefix + " within " + seconds + " s; lines: " + tail());
            }
            if (line.startsWith(prefix) || line.contains("FAIL") || line.equals("EOF")) {
                return line;
            }
        }
    }

    String ask(String command, String prefix) throws InterruptedException {
        in.println(command);
        return expect(prefix, 30);
    }

    void tell(String command) {
        in.println(command);
    }

    /** The values of the SENT lines printed so far. */
    List<Integer> sent() {
        List<Integer> sent = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("SENT ")) {
                sent.add(Integer.parseInt(line.substring(5)));
            }
        }
        return sent;
    }

    private String tail() {
        int n = lines.size();
        return lines.subList(Math.max(0, n - 5), n).toString();
    }

    /** SIGKILL: {@code destroyForcibly} on Unix. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
