package io.moirai.runtime.stress;

import java.io.Serial;

/**
 * The failure a stress task throws on purpose. It carries no stack trace: a million of them must
 * cost what the runtime costs, not what filling stack traces costs.
 */
final class StressFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    StressFailure(String message) {
        super(message, null, false, false);
    }
}
