package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import io.moirai.runtime.MoiraiRuntime;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A channel as a pipeline's source: every element once, in order, ending when the channel closes. */
class IterChannelSourceTest {

    private static final int ITEMS = 20_000;
    private static MoiraiRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = MoiraiRuntime.builder().parallelism(2).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void sequentialPipelineReceivesEveryElementInOrderUntilTheChannelCloses() throws Exception {
        Channel<Integer> channel = Channels.bounded(64);
        Thread producer = Thread.ofVirtual().start(() -> sendAllThenClose(channel));

        List<Integer> doubled = Iter.of(channel).map(x -> x * 2).toList();

        producer.join();
        assertThat(doubled).isEqualTo(IntStream.range(0, ITEMS).map(x -> x * 2).boxed().toList());
    }

    @Test
    void parallelAndHybridContextsGiveTheSameResultAsTheSequentialOne() throws Exception {
        for (ExecutionContext context : List.of(ExecutionContext.parallel(runtime), ExecutionContext.hybrid(runtime))) {
            Channel<Integer> channel = Channels.bounded(64);
            Thread producer = Thread.ofVirtual().start(() -> sendAllThenClose(channel));

            List<Integer> result = Iter.of(channel).filter(x -> x % 3 == 0).map(x -> x + 1).on(context).toList();

            producer.join();
            assertThat(result).isEqualTo(IntStream.range(0, ITEMS).filter(x -> x % 3 == 0).map(x -> x + 1).boxed().toList());
        }
    }

    @Test
    void asyncCountCompletesOnceTheChannelIsClosed() throws Exception {
        Channel<Integer> channel = Channels.unbounded();
        CompletionStage<Long> count = Iter.of(channel).on(ExecutionContext.parallel(runtime)).async().count();

        sendAllThenClose(channel);

        assertThat(count.toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(ITEMS);
    }

    @Test
    void aClosedEmptyChannelIsAnEmptySource() {
        Channel<String> channel = Channels.bounded(1);
        channel.close();

        assertThat(Iter.of(channel).count()).isZero();
    }

    @Test
    void interruptingTheReaderFailsTheEvaluationWithCancellationAndKeepsTheFlag() {
        Channel<Integer> channel = Channels.bounded(1);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Iter.of(channel).count()).isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * A short-circuiting terminal over a channel that stays open ends once it has what it needs,
     * in every context: the parallel contexts read a batch of 16 first and waited there for
     * elements that never came (found by an adversarial audit).
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void shortCircuitsEndOverAChannelThatStaysOpen() throws Exception {
        for (ExecutionContext context : List.of(ExecutionContext.sequential(), ExecutionContext.parallel(runtime),
                ExecutionContext.hybrid(runtime))) {
            Channel<Integer> open = Channels.unbounded();
            for (int i = 0; i < 5; i++) {
                open.send(i);
            }
            assertThat(Iter.of(open).limit(3).on(context).toList()).as("%s", context).containsExactly(0, 1, 2);
            assertThat(Iter.of(open).on(context).findFirst()).as("%s", context).hasValue(3);
            assertThat(Iter.of(open).on(context).anyMatch(x -> x == 4)).as("%s", context).isTrue();
        }
    }

    @Test
    void nullChannelIsRefused() {
        assertThatThrownBy(() -> Iter.of((io.moirai.channel.ReceiveChannel<String>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("channel");
    }

    private static void sendAllThenClose(Channel<Integer> channel) {
        try {
            for (int i = 0; i < ITEMS; i++) {
                channel.send(i);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }
}
