package io.moirai.iter;

/** The element type flowing out of a source or a stage: objects or one of four primitives. */
enum Kind {
    OBJ, INT, LONG, FLOAT, DOUBLE
}
