package io.moirai.hazelcast;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a {@link MoiraiCluster} sees at one moment: the cluster's members and which of them serve,
 * and the distributed evaluations this member has started and not finished.
 *
 * @param members the members of the Hazelcast cluster, this one included
 * @param jobs    the running evaluations started on this member
 */
public record ClusterSnapshot(List<MemberState> members, List<JobState> jobs) {

    /**
     * Copies the lists.
     *
     * @param members the members
     * @param jobs    the jobs
     */
    public ClusterSnapshot {
        members = List.copyOf(members);
        jobs = List.copyOf(jobs);
    }

    /**
     * One member.
     *
     * @param uuid        its Hazelcast UUID
     * @param address     its address, {@code host:port}
     * @param local       whether it is this member
     * @param serving     whether it runs chunks and remote tasks (it called {@link MoiraiCluster#join})
     * @param parallelism its runtime's CPU parallelism, 0 when it does not serve
     */
    public record MemberState(UUID uuid, String address, boolean local, boolean serving, int parallelism) {
    }

    /**
     * One distributed evaluation.
     *
     * @param id               its id on this member
     * @param stages           its stage names
     * @param chunksDone       chunks whose results are in
     * @param chunksTotal      all its chunks
     * @param inFlightByMember chunks sent and not answered, per member
     */
    public record JobState(long id, List<String> stages, int chunksDone, int chunksTotal,
                           Map<UUID, Integer> inFlightByMember) {

        /**
         * Copies the collections.
         *
         * @param id               its id
         * @param stages           its stages
         * @param chunksDone       chunks done
         * @param chunksTotal      all chunks
         * @param inFlightByMember chunks in flight per member
         */
        public JobState {
            stages = List.copyOf(stages);
            inFlightByMember = Map.copyOf(inFlightByMember);
        }
    }
}
