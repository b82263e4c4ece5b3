package dev.loopy.pubsub;

import java.time.Duration;

/**
 * One publication: the message object that every {@link AckMode#AUTO} subscription shares,
 * and the common part of every {@link Delivery}.
 *
 * <p>Immutable; safe on any thread.
 */
final class Envelope implements Message {
    private final String topic;
    private final Object payload;
    private final long sequence;
    private final long publishedAtNs;

    Envelope(String topic, Object payload, long sequence, long publishedAtNs) {
        this.topic = topic;
        this.payload = payload;
        this.sequence = sequence;
        this.publishedAtNs = publishedAtNs;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Object payload() {
        return payload;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public long publishedAtNs() {
        return publishedAtNs;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public boolean ack() {
        return false;
    }

    @Override
    public boolean nack() {
        return false;
    }

    @Override
    public boolean nack(Duration redeliverAfter) {
        Hub.nanos(redeliverAfter, "redeliverAfter");
        return false;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", sequence=" + sequence + "]";
    }
}
