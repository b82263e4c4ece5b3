package dev.loopy.cluster;

import dev.loopy.cluster.spi.RegistryEventSink;

/**
 * The embedded registry's revision counter and the sink its events go to. Every change
 * takes the next revision, whether it touched a node, the leadership or a key.
 */
final class RevisionLog {
    private final RegistryEventSink sink;
    private long revision;

    RevisionLog(RegistryEventSink sink) {
        this.sink = sink;
    }

    long current() {
        return revision;
    }

    long next() {
        return ++revision;
    }

    void emit(RegistryEvent event) {
        sink.emit(event);
    }
}
