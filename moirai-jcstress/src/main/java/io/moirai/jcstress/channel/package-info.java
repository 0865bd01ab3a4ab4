/**
 * jcstress tests of the memory-ordering claims of {@code io.moirai.channel}: an element's
 * fields written before a send are visible to the receiver, whichever path the hand-off takes
 * (buffer, waiting receiver, asynchronous receiver, broadcast); a send that succeeded before a
 * close is received; and a bounded channel never leaves a waiter waiting beside an element or
 * free room (the lost-wake-up pair of its lock-free ring and its wait queues). Each test names its claim in its {@code @Description}, lists the
 * acceptable outcomes and forbids every other one; each uses at most two actors.
 */
package io.moirai.jcstress.channel;
