package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit and stress tests of {@link WorkStealingDeque}.
 *
 * <p>Run with {@code ./mvnw -pl moirai-runtime -am test -Dtest=WorkStealingDequeTest}. The stress
 * tests move {@code moirai.stress.items} items (10<sup>6</sup> by default, 10<sup>7</sup> with
 * {@code -Plong}).
 */
class WorkStealingDequeTest {

    private static final int ITEMS = Integer.getInteger("moirai.stress.items", 1_000_000);

    @Nested
    class SingleThreaded {

        @Test
        void popReturnsTheNewestElementFirst() {
            WorkStealingDeque<String> deque = dequeOf("a", "b", "c");

            assertThat(deque.pop()).isEqualTo("c");
            assertThat(deque.pop()).isEqualTo("b");
            assertThat(deque.pop()).isEqualTo("a");
            assertThat(deque.pop()).isNull();
        }

        @Test
        void stealReturnsTheOldestElementFirst() {
            WorkStealingDeque<String> deque = dequeOf("a", "b", "c");

            assertThat(deque.steal()).isEqualTo("a");
            assertThat(deque.steal()).isEqualTo("b");
            assertThat(deque.steal()).isEqualTo("c");
            assertThat(deque.steal()).isNull();
        }

        @Test
        void popAndStealMeetInTheMiddle() {
            WorkStealingDeque<String> deque = dequeOf("a", "b", "c", "d");

            assertThat(deque.steal()).isEqualTo("a");
            assertThat(deque.pop()).isEqualTo("d");
            assertThat(deque.steal()).isEqualTo("b");
            assertThat(deque.pop()).isEqualTo("c");
            assertThat(deque.pop()).isNull();
            assertThat(deque.steal()).isNull();
        }

        @Test
        void newDequeIsEmpty() {
            WorkStealingDeque<String> deque = new WorkStealingDeque<>();

            assertThat(deque.size()).isZero();
            assertThat(deque.isEmpty()).isTrue();
            assertThat(deque.pop()).isNull();
            assertThat(deque.steal()).isNull();
        }

        @Test
        void sizeCountsPushesMinusTakes() {
            WorkStealingDeque<String> deque = dequeOf("a", "b", "c");
            assertThat(deque.size()).isEqualTo(3);
            assertThat(deque.isEmpty()).isFalse();

            deque.pop();
            deque.steal();

            assertThat(deque.size()).isEqualTo(1);
            deque.pop();
            assertThat(deque.size()).isZero();
            assertThat(deque.isEmpty()).isTrue();
        }

        @Test
        void pushRejectsNullNamingTheArgument() {
            WorkStealingDeque<String> deque = new WorkStealingDeque<>();

            assertThatNullPointerException().isThrownBy(() -> deque.push(null)).withMessage("e");
            assertThat(deque.isEmpty()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE, (1 << 30) + 1, Integer.MAX_VALUE})
        void constructorRejectsCapacityOutOfRangeNamingTheArgumentAndValue(int capacity) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new WorkStealingDeque<>(capacity))
                    .withMessageContaining("initialCapacity")
                    .withMessageContaining(String.valueOf(capacity));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 5, 64, 100, 1 << 20})
        void constructorRoundsCapacityUpToAPowerOfTwo(int capacity) {
            int length = new WorkStealingDeque<>(capacity).array.length;

            assertThat(length).isGreaterThanOrEqualTo(capacity).isLessThan(2 * capacity);
            assertThat(Integer.bitCount(length)).isEqualTo(1);
        }

        @Test
        void defaultCapacityIs64() {
            assertThat(new WorkStealingDeque<>().array.length).isEqualTo(64);
        }

        @Test
        void pushGrowsAFullArrayKeepingOrderAcrossTheWrapAround() {
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
            pushRange(deque, 0, 3);
            assertThat(deque.steal()).isZero();
            assertThat(deque.steal()).isOne();    // top = 2: the live range now wraps

            pushRange(deque, 3, 6);               // fills the 4 slots, wrapping to 0 and 1
            assertThat(deque.array).hasSize(4);
            pushRange(deque, 6, 20);              // grows twice, copying the wrapped range

            assertThat(deque.array).hasSize(32);
            assertThat(deque.size()).isEqualTo(18);
            assertThat(deque.steal()).isEqualTo(2);
            assertThat(deque.pop()).isEqualTo(19);
            assertThat(drain(deque)).containsExactlyElementsOf(range(3, 19));
        }

        @Test
        void pushGrowsOnlyWhenTheDequeIsFull() {
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
            for (int round = 0; round < 100; round++) {
                pushRange(deque, 0, 4);
                deque.steal();
                deque.steal();
                deque.pop();
                deque.pop();
            }

            assertThat(deque.array).hasSize(4);
        }

        @Test
        void behavesLikeAnArrayDequeUnderRandomOperations() {
            Random random = new Random(42);
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(1);
            ArrayDeque<Integer> model = new ArrayDeque<>();
            for (int i = 0; i < 200_000; i++) {
                int op = random.nextInt(10);
                if (op < 5) {
                    deque.push(i);
                    model.addLast(i);
                } else if (op < 8) {
                    assertThat(deque.pop()).isEqualTo(model.pollLast());
                } else {
                    assertThat(deque.steal()).isEqualTo(model.pollFirst());
                }
                assertThat(deque.size()).isEqualTo(model.size());
            }
        }

        @Test
        void popOnAnEmptyDequeClearsTheSlotsOfStolenElements() {
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(8);
            pushRange(deque, 0, 6);
            deque.steal();
            deque.steal();
            deque.pop();
            drain(deque);

            assertThat(deque.pop()).isNull();

            assertThat(deque.array).containsOnlyNulls();
        }

        @Test
        void popClearsTheSlotItTakes() {
            WorkStealingDeque<Integer> deque = dequeOf(1, 2);

            deque.pop();
            deque.pop();

            assertThat(deque.array).containsOnlyNulls();
        }
    }

    @Nested
    class StealBatch {

        @ParameterizedTest(name = "{0} elements, max {1} -> {2} taken")
        @CsvSource({
            "1, 8, 1", "2, 8, 1", "3, 8, 2", "10, 8, 5", "11, 8, 6", "100, 8, 8", "10, 1, 1"})
        void takesHalfTheElementsRoundedUpButAtMostMax(int elements, int max, int taken) {
            WorkStealingDeque<Integer> victim = new WorkStealingDeque<>();
            pushRange(victim, 0, elements);
            WorkStealingDeque<Integer> into = new WorkStealingDeque<>();

            Integer first = victim.stealBatch(into, max);

            assertThat(first).isZero();
            assertThat(into.size()).isEqualTo(taken - 1);
            assertThat(victim.size()).isEqualTo(elements - taken);
            assertThat(drain(into)).containsExactlyElementsOf(range(1, taken));
            assertThat(drain(victim)).containsExactlyElementsOf(range(taken, elements));
        }

        @Test
        void returnsNullAndMovesNothingWhenTheVictimIsEmpty() {
            WorkStealingDeque<Integer> into = dequeOf(7);

            assertThat(new WorkStealingDeque<Integer>().stealBatch(into, 8)).isNull();

            assertThat(drain(into)).containsExactly(7);
        }

        @Test
        void pushesOntoTheCallersDequeSoItsOwnerPopsTheNewestStolenFirst() {
            WorkStealingDeque<Integer> victim = new WorkStealingDeque<>();
            pushRange(victim, 0, 6);
            WorkStealingDeque<Integer> into = dequeOf(-1);

            victim.stealBatch(into, 8);

            assertThat(into.pop()).isEqualTo(2);
            assertThat(into.steal()).isEqualTo(-1);
        }

        @Test
        void rejectsInvalidArgumentsNamingThem() {
            WorkStealingDeque<Integer> victim = dequeOf(1);

            assertThatNullPointerException().isThrownBy(() -> victim.stealBatch(null, 1)).withMessage("into");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> victim.stealBatch(victim, 1))
                    .withMessageContaining("into");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> victim.stealBatch(new WorkStealingDeque<>(), 0))
                    .withMessageContaining("max")
                    .withMessageContaining("0");
            assertThat(victim.size()).isOne();
        }
    }

    @Nested
    class DrainTo {

        @Test
        void handsEveryElementToTheSinkOldestFirst() {
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
            pushRange(deque, 0, 10);
            List<Integer> sink = new ArrayList<>();

            assertThat(deque.drainTo(sink::add)).isEqualTo(10);

            assertThat(sink).containsExactlyElementsOf(range(0, 10));
            assertThat(deque.isEmpty()).isTrue();
        }

        @Test
        void returnsZeroForAnEmptyDeque() {
            assertThat(new WorkStealingDeque<>().drainTo(e -> { })).isZero();
        }

        @Test
        void rejectsANullSink() {
            assertThatNullPointerException().isThrownBy(() -> new WorkStealingDeque<>().drainTo(null))
                    .withMessage("sink");
        }

        @Test
        void leavesTheRestInTheDequeWhenTheSinkThrows() {
            WorkStealingDeque<Integer> deque = dequeOf(1, 2, 3);

            assertThatIllegalStateException().isThrownBy(() -> deque.drainTo(e -> {
                if (e == 2) {
                    throw new IllegalStateException("sink full");
                }
            }));

            assertThat(drain(deque)).containsExactly(3);
        }
    }

    @Nested
    class Stress {

        @ParameterizedTest(name = "{0} thieves")
        @ValueSource(ints = {1, 2})
        void everyItemIsTakenExactlyOnceWhileThievesSteal(int thieves) throws InterruptedException {
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
            Ledger ledger = new Ledger(ITEMS);
            AtomicBoolean ownerDone = new AtomicBoolean();
            List<Runnable> parties = new ArrayList<>();
            parties.add(() -> {
                try {
                    ownBursts(deque, ledger, new Random(thieves));
                } finally {
                    ownerDone.set(true);
                }
            });
            for (int i = 0; i < thieves; i++) {
                parties.add(() -> {
                    while (true) {
                        Integer e = deque.steal();
                        if (e != null) {
                            ledger.take(e);
                        } else if (ownerDone.get()) {
                            return;
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                });
            }

            runAll(parties);

            ledger.assertEachTakenOnce();
        }

        @Test
        void everyItemIsTakenExactlyOnceWhileAThiefStealsInBatches() throws InterruptedException {
            WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
            Ledger ledger = new Ledger(ITEMS);
            AtomicBoolean ownerDone = new AtomicBoolean();
            Runnable owner = () -> {
                try {
                    ownBursts(deque, ledger, new Random(7));
                } finally {
                    ownerDone.set(true);
                }
            };
            Runnable batchThief = () -> {
                WorkStealingDeque<Integer> mine = new WorkStealingDeque<>(2);
                while (true) {
                    Integer e = deque.stealBatch(mine, 16);
                    if (e != null) {
                        ledger.take(e);
                        for (Integer x; (x = mine.pop()) != null; ) {
                            ledger.take(x);
                        }
                    } else if (ownerDone.get()) {
                        return;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            };

            runAll(List.of(owner, batchThief));

            ledger.assertEachTakenOnce();
        }

        @Test
        void everyItemIsTakenExactlyOnceWhileTheArrayGrowsUnderAThief() throws InterruptedException {
            int perRound = 256;                   // a deque of capacity 1 grows 8 times per round
            int rounds = Math.max(1, ITEMS / perRound / 4);
            Ledger ledger = new Ledger(rounds * perRound);
            AtomicReference<WorkStealingDeque<Integer>> current = new AtomicReference<>(new WorkStealingDeque<>(1));
            AtomicBoolean ownerDone = new AtomicBoolean();
            Runnable owner = () -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(1);
                        current.set(deque);
                        for (int i = 0; i < perRound; i++) {
                            deque.push(r * perRound + i);
                        }
                        for (Integer e; (e = deque.pop()) != null; ) {
                            ledger.take(e);
                        }
                    }
                } finally {
                    ownerDone.set(true);
                }
            };
            Runnable thief = () -> {
                while (!ownerDone.get()) {
                    Integer e = current.get().steal();
                    if (e != null) {
                        ledger.take(e);
                    }
                }
            };

            runAll(List.of(owner, thief));

            ledger.assertEachTakenOnce();
        }

        /** Pushes all items in bursts and pops some after each, keeping the deque short. */
        private static void ownBursts(WorkStealingDeque<Integer> deque, Ledger ledger, Random random) {
            int next = 0;
            while (next < ledger.items()) {
                int burst = Math.min(1 + random.nextInt(8), ledger.items() - next);
                for (int i = 0; i < burst; i++) {
                    deque.push(next++);
                }
                for (int pops = random.nextInt(9); pops > 0; pops--) {
                    Integer e = deque.pop();
                    if (e == null) {
                        break;
                    }
                    ledger.take(e);
                }
            }
            for (Integer e; (e = deque.pop()) != null; ) {
                ledger.take(e);
            }
        }

        /**
         * Runs each party on its own daemon thread and fails if one throws or they take too long.
         * An owner party ends its thieves by setting its done flag even when it fails.
         */
        private static void runAll(List<Runnable> parties) throws InterruptedException {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (Runnable party : parties) {
                Thread thread = new Thread(() -> {
                    try {
                        party.run();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            long deadline = System.nanoTime() + 30_000_000_000L * Math.max(1, ITEMS / 1_000_000);
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            assertThat(failure.get()).as("failure in a party").isNull();
            assertThat(threads).as("parties still running at the deadline").noneMatch(Thread::isAlive);
        }
    }

    /** Records which items were taken, how often, and their sum. */
    private static final class Ledger {
        private final AtomicIntegerArray counts;
        private final LongAdder sum = new LongAdder();

        Ledger(int items) {
            this.counts = new AtomicIntegerArray(items);
        }

        int items() {
            return counts.length();
        }

        void take(int item) {
            int before = counts.getAndIncrement(item);
            if (before != 0) {
                throw new AssertionError("item " + item + " taken twice");
            }
            sum.add(item);
        }

        void assertEachTakenOnce() {
            for (int i = 0; i < counts.length(); i++) {
                assertThat(counts.get(i)).as("times item %d was taken", i).isOne();
            }
            long n = counts.length();
            assertThat(sum.sum()).as("checksum").isEqualTo(n * (n - 1) / 2);
        }
    }

    @SafeVarargs
    private static <E> WorkStealingDeque<E> dequeOf(E... elements) {
        WorkStealingDeque<E> deque = new WorkStealingDeque<>();
        Arrays.stream(elements).forEach(deque::push);
        return deque;
    }

    private static void pushRange(WorkStealingDeque<Integer> deque, int from, int to) {
        for (int i = from; i < to; i++) {
            deque.push(i);
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    private static <E> List<E> drain(WorkStealingDeque<E> deque) {
        List<E> list = new ArrayList<>();
        deque.drainTo(list::add);
        return list;
    }
}
