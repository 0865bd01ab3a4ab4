package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteChannelTest {

    /** Stands in for a store outside the JVM; forwards to an in-process channel. */
    private record ForwardingRemote(String name, Channel<String> local) implements RemoteChannel<String> {
        @Override public void send(String e) throws InterruptedException { local.send(e); }
        @Override public boolean send(String e, long t, TimeUnit u) throws InterruptedException { return local.send(e, t, u); }
        @Override public boolean trySend(String e) { return local.trySend(e); }
        @Override public boolean close() { return local.close(); }
        @Override public boolean isClosedForSend() { return local.isClosedForSend(); }
        @Override public String receive() throws InterruptedException { return local.receive(); }
        @Override public String receive(long t, TimeUnit u) throws InterruptedException { return local.receive(t, u); }
        @Override public String tryReceive() { return local.tryReceive(); }
        @Override public CompletionStage<String> receiveAsync() { return local.receiveAsync(); }
        @Override public boolean isClosedForReceive() { return local.isClosedForReceive(); }
    }

    private final RemoteChannel<String> remote = new ForwardingRemote("orders", Channels.bounded(4));

    @Test
    void aRemoteChannelIsUsableWhereverAChannelIs() throws Exception {
        Channel<String> asChannel = remote;
        asChannel.send("a");
        assertThat(asChannel.receive()).isEqualTo("a");
        assertThat(asChannel.close()).isTrue();
        assertThat(asChannel.isClosedForReceive()).isTrue();
    }

    @Test
    void selectRefusesARemoteReceiveCaseNamingTheChannel() {
        assertThatThrownBy(() -> Select.<String>create().onReceive(remote, e -> e))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders'");
    }

    @Test
    void selectRefusesARemoteSendCase() {
        assertThatThrownBy(() -> Select.<String>create().onSend(remote, "x", () -> "sent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remote channel");
    }
}
