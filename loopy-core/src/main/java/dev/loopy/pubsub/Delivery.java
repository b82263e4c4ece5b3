package dev.loopy.pubsub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One {@link AckMode#MANUAL} delivery of a publication to one subscription, settled at most
 * once.
 *
 * <p>The settling methods may be called from any thread; the first one wins with a
 * compare-and-set of the state. The list links are guarded by the owning endpoint's lock.
 */
final class Delivery implements Message {
    static final int PENDING = 0;
    static final int SETTLED = 1;
    static final int RELEASED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Delivery.class, "state", int.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    final Envelope envelope;
    final Endpoint endpoint;
    final int attempt;
    /** Neighbours in the endpoint's list of unacknowledged deliveries. */
    Delivery previous;
    Delivery next;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    Delivery(Envelope envelope, Endpoint endpoint, int attempt) {
        this.envelope = envelope;
        this.endpoint = endpoint;
        this.attempt = attempt;
    }

    static Delivery settled(Envelope envelope, Endpoint endpoint, int attempt) {
        Delivery delivery = new Delivery(envelope, endpoint, attempt);
        delivery.state = SETTLED;
        return delivery;
    }

    @Override
    public String topic() {
        return envelope.topic();
    }

    @Override
    public Object payload() {
        return envelope.payload();
    }

    @Override
    public long sequence() {
        return envelope.sequence();
    }

    @Override
    public long publishedAtNs() {
        return envelope.publishedAtNs();
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public boolean ack() {
        if (!settle(SETTLED)) {
            return false;
        }
        endpoint.onAck(this);
        return true;
    }

    @Override
    public boolean nack() {
        return nack(0);
    }

    @Override
    public boolean nack(Duration redeliverAfter) {
        return nack(Hub.nanos(redeliverAfter, "redeliverAfter"));
    }

    /** Takes the delivery back from the handler when its endpoint closes. */
    boolean release() {
        return settle(RELEASED);
    }

    boolean isPending() {
        return state == PENDING;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic() + ", sequence=" + sequence() + ", attempt="
                + attempt + "]";
    }

    private boolean nack(long delayNs) {
        if (!settle(SETTLED)) {
            return false;
        }
        endpoint.onNack(this, delayNs);
        return true;
    }

    private boolean settle(int to) {
        return STATE.compareAndSet(this, PENDING, to);
    }
}
