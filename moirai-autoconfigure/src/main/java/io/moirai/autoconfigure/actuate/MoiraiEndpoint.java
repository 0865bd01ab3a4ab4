package io.moirai.autoconfigure.actuate;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The Actuator endpoint {@code moirai}: the runtime's live snapshot, and the operations that
 * resize, pause and resume it under load.
 *
 * <pre>
 * GET  /actuator/moirai                                          the snapshot
 * POST /actuator/moirai   {"parallelism": 8, "blockingConcurrency": 512}   resize (each optional)
 * POST /actuator/moirai/pause                                    nothing new starts
 * POST /actuator/moirai/resume                                   tasks start again
 * </pre>
 *
 * <p>The body of every successful operation is a {@link MoiraiSnapshotDescriptor}, which fixes
 * the JSON keys independently of {@link RuntimeSnapshot}'s Java shape.
 *
 * <p>The write operations check the caller themselves, through Actuator's
 * {@link SecurityContext}, so the rule holds under whatever {@code SecurityFilterChain} the
 * application has (or none): no principal gives 401, a principal without the role in
 * {@code moirai.endpoint.write-role} gives 403. Each accepted write returns the new snapshot and
 * is audited with the caller as principal. Over JMX there is no principal, so writes are refused
 * there.
 */
@Endpoint(id = "moirai")
public class MoiraiEndpoint {

    static final int STATUS_UNAUTHORIZED = 401;
    static final int STATUS_FORBIDDEN = 403;
    static final int STATUS_CONFLICT = 409;

    private final MoiraiRuntime runtime;
    private final String writeRole;
    private final Supplier<? extends @Nullable MoiraiClusterDescriptor> cluster;
    /** Held across a resize's read of the current sizes and its change: see {@link #resize}. */
    private final Object resizeLock = new Object();

    /**
     * An endpoint over one runtime.
     *
     * @param runtime   the runtime
     * @param writeRole the role that write operations require
     */
    public MoiraiEndpoint(MoiraiRuntime runtime, String writeRole) {
        this(runtime, writeRole, () -> null);
    }

    /**
     * An endpoint over one runtime and the cluster it serves in.
     *
     * @param runtime   the runtime
     * @param writeRole the role that write operations require
     * @param cluster   the cluster's description now, for the snapshot's {@code cluster} field
     *                  (null leaves the field out)
     */
    public MoiraiEndpoint(MoiraiRuntime runtime, String writeRole,
            Supplier<? extends @Nullable MoiraiClusterDescriptor> cluster) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.writeRole = Objects.requireNonNull(writeRole, "writeRole");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * The live snapshot: state, sizes, per-worker queues, counts of every outcome, and the
     * cluster's members and jobs when there is a cluster.
     *
     * @return the snapshot, as the endpoint's JSON describes it
     */
    @ReadOperation
    public MoiraiSnapshotDescriptor snapshot() {
        return MoiraiSnapshotDescriptor.of(this.runtime.snapshot(), this.cluster.get());
    }

    /**
     * Resizes the CPU lane, the blocking lane, or both; a size not given stays as it is.
     *
     * @param securityContext     the caller
     * @param parallelism         the new number of CPU workers, or {@code null}
     * @param blockingConcurrency the new number of blocking-lane permits, or {@code null}
     * @return the new snapshot (200); 400 for a missing or invalid size; 401, 403 for an
     *         unauthenticated or unauthorized caller; 409 once the runtime is shut down
     */
    @WriteOperation
    public WebEndpointResponse<Object> resize(SecurityContext securityContext, @Nullable Integer parallelism,
            @Nullable Integer blockingConcurrency) {
        WebEndpointResponse<Object> denied = deny(securityContext);
        if (denied != null) {
            return denied;
        }
        if (parallelism == null && blockingConcurrency == null) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST,
                    "give parallelism, blockingConcurrency or both, for example {\"parallelism\": 4}");
        }
        // The size not given is read and written back: two partial resizes at once, each of its
        // own lane, must not let the later one put back the size the earlier one changed.
        synchronized (this.resizeLock) {
            RuntimeSnapshot current = this.runtime.snapshot();
            int newParallelism = (parallelism != null) ? parallelism : current.parallelism();
            int newBlocking = (blockingConcurrency != null) ? blockingConcurrency : current.blockingConcurrency();
            return act(securityContext, () -> this.runtime.reconfigure(newParallelism, newBlocking));
        }
    }

    /**
     * Pauses or resumes the runtime: while paused, running tasks finish and nothing new starts,
     * but submissions are still accepted within capacity (and the health contributor reports
     * {@code OUT_OF_SERVICE}).
     *
     * @param securityContext the caller
     * @param operation       {@code pause} or {@code resume}
     * @return the new snapshot (200); 400 for another operation; 401, 403 as for
     *         {@link #resize}; 409 once the runtime is shut down
     */
    @WriteOperation
    public WebEndpointResponse<Object> control(SecurityContext securityContext, @Selector String operation) {
        WebEndpointResponse<Object> denied = deny(securityContext);
        if (denied != null) {
            return denied;
        }
        @Nullable Runnable change = switch (operation) {
            case "pause" -> this.runtime::pause;
            case "resume" -> this.runtime::resume;
            default -> null;
        };
        // an unknown operation is bad input whatever the runtime's state, as an invalid size is
        if (change == null) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST,
                    "unknown operation '" + operation + "': use pause or resume");
        }
        if (this.runtime.isShutdown()) {
            return error(STATUS_CONFLICT, "the runtime is shut down");
        }
        return act(securityContext, change);
    }

    private @Nullable WebEndpointResponse<Object> deny(SecurityContext securityContext) {
        if (securityContext.getPrincipal() == null) {
            return error(STATUS_UNAUTHORIZED, "authentication required");
        }
        if (!securityContext.isUserInRole(this.writeRole)) {
            return error(STATUS_FORBIDDEN, "role " + this.writeRole + " required");
        }
        return null;
    }

    private WebEndpointResponse<Object> act(SecurityContext securityContext, Runnable change) {
        Principal principal = Objects.requireNonNull(securityContext.getPrincipal());
        try {
            ActingPrincipal.actAs(principal.getName(), () -> {
                change.run();
                return null;
            });
        } catch (IllegalArgumentException ex) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, String.valueOf(ex.getMessage()));
        } catch (IllegalStateException ex) {
            return error(STATUS_CONFLICT, String.valueOf(ex.getMessage()));
        }
        return new WebEndpointResponse<>(snapshot(), WebEndpointResponse.STATUS_OK);
    }

    private static WebEndpointResponse<Object> error(int status, String message) {
        return new WebEndpointResponse<>(Map.of("status", status, "error", message), status);
    }
}
