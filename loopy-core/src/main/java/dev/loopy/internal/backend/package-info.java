/**
 * The backends a loop runs on, behind {@link dev.loopy.internal.backend.IoBackend}: a
 * readiness face (interest, poll, wake-up) and a completion face (submit, reap, cancel).
 * Classes carry their backend's name as a prefix.
 */
package dev.loopy.internal.backend;
