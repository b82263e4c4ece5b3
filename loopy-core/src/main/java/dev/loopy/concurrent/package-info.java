/**
 * Passing work and messages between threads: channels and select, the work queue and the
 * concurrency pool.
 *
 * <p>The work queue hands tasks to platform or virtual threads and delivers their results on
 * a loop; the concurrency pool bounds how many tasks of each tenant may run at once. Both
 * are described in their own types.
 *
 * <h2>Vocabulary of channels</h2>
 * <ul>
 *   <li>A <em>channel</em> is a bounded FIFO of messages (non-null references) with a fixed
 *       <em>capacity</em>. Its <em>shape</em> says how many threads may use each end at once:
 *       {@code spsc} (one sender, one receiver), {@code mpsc} (many senders, one receiver)
 *       or {@code mpmc} (many of both).</li>
 *   <li>To <em>send</em> is to put a message in; to <em>receive</em> is to take the oldest
 *       one out. A <em>try</em> operation never waits; a <em>timed</em> one waits at most its
 *       timeout; a plain one waits as long as it must.</li>
 *   <li>A <em>waiter</em> is a thread (or a loop receiver) registered on a channel because
 *       it found the channel full or empty. It is <em>woken</em> by the operation that
 *       changes that, or by close; a waiter that is woken always tries its operation again
 *       before it gives up, so no wake-up is lost.</li>
 *   <li>To <em>close</em> a channel is to refuse further sends. Messages sent before the
 *       close are still received; once they are gone the channel is <em>drained</em>.</li>
 *   <li>A <em>select</em> waits on several <em>cases</em> (a receive from, or a send to, one
 *       channel each) and completes exactly one of them.</li>
 * </ul>
 *
 * <h2>Memory order</h2>
 * Every access to a field or array slot that another thread reads or writes goes through a
 * small accessor whose name ends with its mode: {@code Plain}, {@code Opaque},
 * {@code Acquire}, {@code Release} or {@code Volatile}, as defined by
 * {@link java.lang.invoke.VarHandle}; {@code cas} names a compare-and-set. Fields read and
 * written by one thread only are accessed as plain Java fields.
 */
package dev.loopy.concurrent;
