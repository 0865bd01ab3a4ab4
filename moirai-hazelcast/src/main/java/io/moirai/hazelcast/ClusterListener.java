package io.moirai.hazelcast;

import java.util.UUID;

/**
 * Told of what a {@link MoiraiCluster} sees and does: members that start or stop serving, the
 * chunks of the evaluations this member started, the remote tasks it sends, payloads refused by
 * the allow-list, and the elements this member sends and receives on cluster channels. Meant for
 * metrics and logs; every method does nothing by default. Methods are called on Hazelcast's or
 * Moirai's threads and must return quickly; an exception thrown by one is dropped.
 *
 * @see MoiraiCluster#addListener(ClusterListener)
 */
public interface ClusterListener {

    /**
     * A member started serving (called {@link MoiraiCluster#join}).
     *
     * @param member the member's UUID
     */
    default void memberServing(UUID member) {
    }

    /**
     * A member stopped serving: it closed its {@link MoiraiCluster}, shut down, or was declared
     * dead by Hazelcast's failure detection.
     *
     * @param member the member's UUID
     */
    default void memberGone(UUID member) {
    }

    /**
     * A chunk of an evaluation was sent to a member.
     *
     * @param jobId  the evaluation's id on this member
     * @param chunk  the chunk's index
     * @param member the member it went to
     */
    default void chunkSent(long jobId, int chunk, UUID member) {
    }

    /**
     * A chunk's result was accepted (a duplicate from a re-sent chunk is not reported).
     *
     * @param jobId  the evaluation's id on this member
     * @param chunk  the chunk's index
     * @param member the member that ran it
     */
    default void chunkDone(long jobId, int chunk, UUID member) {
    }

    /**
     * A chunk whose member left or stopped serving before answering is sent again, to another
     * member: called once per such send, just before its {@link #chunkSent}, so that chunks sent
     * = chunks + chunks resent. A chunk taken back whose first member still answers before it is
     * sent again, or whose evaluation ends first, is not reported.
     *
     * @param jobId  the evaluation's id on this member
     * @param chunk  the chunk's index
     * @param member the member that left
     */
    default void chunkResent(long jobId, int chunk, UUID member) {
    }

    /**
     * A remote task of {@link MoiraiCluster#executor()} was sent to a member: once per task, and
     * once more each time a retryable task goes to another member because its member left.
     *
     * @param member the member it went to
     */
    default void remoteTaskSent(UUID member) {
    }

    /**
     * This member refused a payload because it holds a class outside its allow-list.
     *
     * @param className the refused class
     */
    default void payloadRefused(String className) {
    }

    /**
     * A send on a {@linkplain MoiraiCluster#channel(String, int) cluster channel} completed on
     * this member: its element is in the channel (one call per element, whichever send method).
     *
     * @param channel the channel's name
     */
    default void channelSent(String channel) {
    }

    /**
     * A receive on a {@linkplain MoiraiCluster#channel(String, int) cluster channel} returned an
     * element on this member (one call per element, whichever receive method).
     *
     * @param channel the channel's name
     */
    default void channelReceived(String channel) {
    }
}
