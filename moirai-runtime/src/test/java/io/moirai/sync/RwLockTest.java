package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

/** {@link RwLock} against the contract of {@code ReentrantReadWriteLock}, failure paths included. */
class RwLockTest {

    private final RwLock rw = new RwLock();
    private final Lock read = rw.readLock();
    private final Lock write = rw.writeLock();

    @Test
    void readersShareAndReenter() throws Throwable {
        read.lock();
        read.lock();
        Actor.start(() -> {
            assertThat(read.tryLock()).isTrue();
            assertThat(rw.getReadHoldCount()).isEqualTo(1);
            assertThat(write.tryLock()).isFalse();
            read.unlock();
        }).join();
        assertThat(rw.getReadLockCount()).isEqualTo(2);
        assertThat(rw.getReadHoldCount()).isEqualTo(2);
        read.unlock();
        read.unlock();
        assertThat(rw.getReadLockCount()).isZero();
    }

    @Test
    void writerExcludesReadersAndWriters() throws Throwable {
        write.lock();
        write.lock();
        assertThat(rw.getWriteHoldCount()).isEqualTo(2);
        assertThat(rw.isWriteLockedByCurrentThread()).isTrue();
        Actor.start(() -> {
            assertThat(read.tryLock()).isFalse();
            assertThat(write.tryLock()).isFalse();
            assertThat(read.tryLock(1, TimeUnit.MILLISECONDS)).isFalse();
        }).join();
        write.unlock();
        write.unlock();
        assertThat(rw.isWriteLocked()).isFalse();
    }

    @Test
    void downgradeIsAllowed() throws Throwable {
        write.lock();
        read.lock();
        write.unlock();
        assertThat(rw.isWriteLocked()).isFalse();
        assertThat(rw.getReadHoldCount()).isEqualTo(1);
        Actor.start(() -> {
            assertThat(read.tryLock()).isTrue();
            read.unlock();
            assertThat(write.tryLock()).isFalse();
        }).join();
        read.unlock();
    }

    @Test
    void upgradeFailsFast() {
        read.lock();
        try {
            assertThat(write.tryLock()).isFalse();
            assertThatThrownBy(write::lock).isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining("upgrade");
            assertThatThrownBy(write::lockInterruptibly).isInstanceOf(IllegalMonitorStateException.class);
            assertThatThrownBy(() -> write.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(IllegalMonitorStateException.class);
        } finally {
            read.unlock();
        }
        write.lock();
        write.unlock();
    }

    @Test
    void unlockWithoutHoldingThrows() {
        assertThatThrownBy(read::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(write::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void readUnlockByAThreadWithoutReadHoldsThrows() throws Throwable {
        read.lock();
        Actor.start(() -> assertThatThrownBy(read::unlock).isInstanceOf(IllegalMonitorStateException.class)).join();
        assertThat(rw.getReadLockCount()).isEqualTo(1);
        read.unlock();
    }

    @Test
    void onlyTheWriteLockHasConditions() throws Throwable {
        assertThatThrownBy(read::newCondition).isInstanceOf(UnsupportedOperationException.class);
        Condition c = write.newCondition();
        assertThatThrownBy(c::signal).isInstanceOf(IllegalMonitorStateException.class);
        boolean[] flag = {false};
        Actor waiter = Actor.start(() -> {
            write.lock();
            try {
                while (!flag[0]) {
                    c.await();
                }
            } finally {
                write.unlock();
            }
        }).awaitParked();
        write.lock();
        flag[0] = true;
        c.signal();
        write.unlock();
        waiter.join();
    }

    @Test
    void waitingWriterBlocksNewReadersButNotReentrantOnes() throws Throwable {
        read.lock();
        Actor writer = Actor.start(() -> {
            write.lock();
            write.unlock();
        }).awaitParked();
        Actor reader = Actor.start(() -> {
            read.lock();
            read.unlock();
        }).awaitParked();
        read.lock();     // reentrant: must not queue behind the writer
        read.unlock();
        read.unlock();
        writer.join();
        reader.join();
    }

    @Test
    void interruptsAndTimeouts() throws Throwable {
        write.lock();
        Actor.start(() -> {
            Thread.currentThread().interrupt();
            assertThatThrownBy(read::lockInterruptibly).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            long start = System.nanoTime();
            assertThat(read.tryLock(10, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(write.tryLock(10, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        }).join();
        Actor waiter = Actor.start(() ->
                assertThatThrownBy(write::lockInterruptibly).isInstanceOf(InterruptedException.class)).awaitParked();
        waiter.interrupt();
        waiter.join();
        write.unlock();
        assertThatThrownBy(() -> read.tryLock(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void fairnessAndToString() {
        assertThat(new RwLock(true).isFair()).isTrue();
        assertThat(rw.isFair()).isFalse();
        assertThat(rw.toString()).endsWith("[Write locks = 0, Read locks = 0]");
        write.lock();
        assertThat(write.toString()).endsWith("[Locked by thread " + Thread.currentThread().getName() + "]");
        write.lock();
        assertThat(rw.toString()).endsWith("[Write locks = 2, Read locks = 0]"); // the writer's holds, as ReentrantReadWriteLock
        write.unlock();
        write.unlock();
        read.lock();
        assertThat(read.toString()).endsWith("[Read locks = 1]");
        read.unlock();
    }

    @Test
    void monitoringNamesQueuedThreadsAndTheWriteConditionsWaiters() throws Throwable {
        Condition ready = write.newCondition();
        CountDownLatch signalled = new CountDownLatch(1);
        Actor waiter = Actor.start(() -> {
            write.lock();
            try {
                while (signalled.getCount() != 0) {
                    ready.await();
                }
            } finally {
                write.unlock();
            }
        });
        await().atMost(Actor.LONG).until(() -> {
            write.lock();
            try {
                return rw.hasWaiters(ready);
            } finally {
                write.unlock();
            }
        });
        write.lock();
        Actor reader;
        try {
            assertThat(rw.getWaitQueueLength(ready)).isEqualTo(1);
            reader = Actor.start(() -> {
                read.lock();
                read.unlock();
            });
            await().atMost(Actor.LONG).until(() -> rw.hasQueuedThread(reader.thread()));
            assertThat(rw.getQueueLength()).isEqualTo(1);
            signalled.countDown();
            ready.signal();
            assertThat(rw.hasWaiters(ready)).isFalse();
        } finally {
            write.unlock();
        }
        waiter.join();
        reader.join();
        assertThat(rw.getQueueLength()).isZero();
        assertThatThrownBy(() -> rw.hasQueuedThread(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> rw.hasWaiters(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> rw.hasWaiters(new RwLock().writeLock().newCondition())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rw.getWaitQueueLength(ready)).isInstanceOf(IllegalMonitorStateException.class);
    }
}
