/**
 * One facade per Linux kernel facility, reached through the Foreign Function and Memory API:
 * method handles resolved once, struct layouts built as {@link java.lang.foreign.MemoryLayout},
 * constants taken from the system headers.
 */
package dev.loopy.internal.linux;
