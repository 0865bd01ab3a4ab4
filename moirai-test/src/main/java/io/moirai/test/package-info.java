/**
 * Test support for code that runs on Moirai: {@link io.moirai.test.VirtualClock}, a clock that a
 * test advances by hand and that drives the runtime's timer, and
 * {@link io.moirai.test.AutoConfigureMoiraiTest}, which puts one under a Boot test's runtime and
 * {@code taskScheduler}. Add {@code io.moirai:moirai-test} with test scope; nothing here is
 * active in an application that does not use it.
 */
package io.moirai.test;
