/**
 * jcstress tests of the memory-ordering claims of {@code io.moirai.sync}: each test names the
 * claim it checks in its {@code @Description}, lists the acceptable outcomes and forbids every
 * other one. Shared data are plain (non-final, non-volatile) fields, so only the primitive's own
 * release and acquire can make them visible. Tests use at most two actors and never block
 * indefinitely: waits use the zero-timeout forms, or a lock whose other holder always releases.
 *
 * <p>Run them alone: {@code ./mvnw -pl moirai-jcstress -am verify -DskipTests
 * -Djcstress.tests='io\.moirai\.jcstress\.sync\..*'}.
 */
package io.moirai.jcstress.sync;
