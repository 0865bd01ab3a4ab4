package io.moirai.hazelcast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A {@link MemberMain} JVM started with this JVM's {@code java} and test class path. */
final class MemberProcess implements AutoCloseable {

    final Process process;
    final UUID uuid;
    private final BufferedReader out;
    private final PrintWriter in;

    private MemberProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = expect("READY");
        this.uuid = UUID.fromString(ready.substring("READY ".length()));
    }

    static MemberProcess start(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-Dhazelcast.logging.type=none", "-Dhazelcast.phone.home.enabled=false",
                "-cp", classPath, MemberMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new MemberProcess(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads lines until one starts with {@code prefix}. */
    String expect(String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the member process ended before printing " + prefix + " (exit "
                + (process.isAlive() ? "none" : process.exitValue()) + ")");
    }

    String ask(String command, String answerPrefix) throws IOException {
        in.println(command);
        return expect(answerPrefix);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        in.close();   // the member ends itself on end of input
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
