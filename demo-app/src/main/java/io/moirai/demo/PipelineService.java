package io.moirai.demo;

import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.iter.ExecutionContext;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.simd.Simd;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * One pipeline, run in the context the caller names: the unified iterator's point is that the
 * description stays the same and only the context changes, so every context returns the same
 * checksum. The distributed context spreads the chunks over the cluster's serving members (this
 * instance alone on the embedded defaults; see the README to start two more).
 */
@Service
class PipelineService {

    /** The contexts a caller may name. */
    enum Context {
        SEQUENTIAL, PARALLEL, HYBRID, DISTRIBUTED
    }

    private final MoiraiRuntime runtime;
    private final ObjectProvider<MoiraiCluster> cluster;

    PipelineService(MoiraiRuntime runtime, ObjectProvider<MoiraiCluster> cluster) {
        this.runtime = runtime;
        this.cluster = cluster;
    }

    /**
     * Mixes every int of {@code [0, n)}, keeps those divisible by 3, and sums them; never blocks
     * the caller.
     *
     * @param n       the range's end
     * @param context where it runs
     * @return the result, completed on the runtime (or on a virtual thread for the sequential context)
     */
    CompletionStage<PipelineResult> run(int n, Context context) {
        long start = System.nanoTime();
        ExecutionContext executionContext = switch (context) {
            case SEQUENTIAL -> ExecutionContext.sequential();
            case PARALLEL -> ExecutionContext.parallel(this.runtime);
            case HYBRID -> ExecutionContext.hybrid(this.runtime);
            case DISTRIBUTED -> distributed();
        };
        return Iter.range(0, n).map(PipelineService::mix).filter(x -> x % 3 == 0).asLongIter()
                .on(executionContext).async().sum()
                .thenApply(sum -> new PipelineResult(context.name().toLowerCase(Locale.ROOT), n, sum,
                        (System.nanoTime() - start) / 1_000_000.0, Simd.isVectorized()));
    }

    private ExecutionContext distributed() {
        MoiraiCluster member = this.cluster.getIfAvailable();
        if (member == null) {
            throw new BadParameterException("the distributed context needs the cluster: moirai.cluster.enabled is false");
        }
        return member.context();
    }

    /** A cheap integer hash (murmur3's finaliser), so the pipeline has real work per element. */
    private static int mix(int x) {
        int h = x;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /**
     * What {@code /api/pipeline} answers.
     *
     * @param context        the context it ran in
     * @param n              the range's end
     * @param checksum       the sum, the same in every context
     * @param millis         wall-clock time
     * @param simdVectorized whether the SIMD kernels run on the Vector API
     */
    record PipelineResult(String context, int n, long checksum, double millis, boolean simdVectorized) {
    }
}
