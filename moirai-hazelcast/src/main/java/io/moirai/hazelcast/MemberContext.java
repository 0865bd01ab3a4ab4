package io.moirai.hazelcast;

import com.hazelcast.core.HazelcastInstance;

/**
 * The Hazelcast member a chunk runs on, for sources that read where they run
 * ({@link MapEntries}): set by the serving side around each chunk, on the chunk's thread.
 */
final class MemberContext {

    private static final ThreadLocal<HazelcastInstance> CURRENT = new ThreadLocal<>();

    private MemberContext() {
    }

    static HazelcastInstance current() {
        return CURRENT.get();
    }

    static HazelcastInstance enter(HazelcastInstance hz) {
        HazelcastInstance previous = CURRENT.get();
        CURRENT.set(hz);
        return previous;
    }

    static void exit(HazelcastInstance previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
