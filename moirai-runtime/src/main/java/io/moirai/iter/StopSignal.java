package io.moirai.iter;

/** Polled by sources between blocks of elements: true when the rest of the piece is not needed. */
interface StopSignal {
    boolean shouldStop();
}
