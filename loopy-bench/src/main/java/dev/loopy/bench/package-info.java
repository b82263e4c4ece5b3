/**
 * JMH benchmarks that run loopy beside its rivals in one run, and the entry point that
 * prints their figures side by side.
 *
 * <p>Vocabulary: a <b>subject</b> is one implementation under measurement (loopy or a
 * rival) behind the small interface a benchmark drives; <b>live</b> timers are the
 * background population that stays scheduled during a whole trial; a <b>batch</b> is the
 * set of operations one invocation measures, reported per operation.
 */
package dev.loopy.bench;
