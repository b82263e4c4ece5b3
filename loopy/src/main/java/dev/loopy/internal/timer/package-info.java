/**
 * The timer wheel that orders a loop's timers by deadline. Used by the loop's thread only.
 */
package dev.loopy.internal.timer;
