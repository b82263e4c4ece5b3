/**
 * The timer wheel that keeps the deadlines of one loop.
 *
 * <p>Vocabulary used throughout this package:
 * <ul>
 *   <li><b>deadline</b>: an absolute time in nanoseconds of the loop's clock at
 *       which a timer becomes due; a <b>delay</b> is relative and never stored
 *       here.</li>
 *   <li><b>tick</b>: the resolution of level 0; time is counted in ticks from the
 *       start time the wheel was built with. The wheel's <b>current tick</b> is the
 *       tick of the time last passed to {@code expire}.</li>
 *   <li><b>level</b>: one ring of 64 <b>slots</b>; a slot of level {@code k} spans
 *       {@code 64^k} ticks. Each slot holds a list of timers.</li>
 *   <li><b>cascade</b>: moving the timers of a higher-level slot into lower levels
 *       once the current tick reaches the slot's start.</li>
 *   <li><b>overflow</b>: the list of timers too far ahead for the top level.</li>
 *   <li><b>deferred</b>: timers scheduled while {@code expire} runs; they enter
 *       the wheel when that call ends.</li>
 *   <li><b>entry</b>: the index of a timer in the wheel's parallel arrays;
 *       <b>generation</b>: a counter per entry, bumped when the entry is taken and
 *       when it is freed. A <b>timer id</b> packs the two, so a stale id names
 *       nothing.</li>
 *   <li><b>expire</b>: to fire a due timer: remove it and hand its id and owner to
 *       the expiry handler.</li>
 * </ul>
 *
 * <p>Nothing in this package is thread-safe: a wheel belongs to the thread of its
 * loop.
 */
package dev.loopy.internal.timer;
