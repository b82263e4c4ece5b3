/**
 * The service-provider interface behind the pub/sub hub.
 *
 * <p>A <em>backend</em> routes and delivers; the {@link dev.loopy.pubsub.PubSub hub} in
 * front of it checks arguments and gives users one interface whatever the backend. The
 * embedded backend ships with loopy; a broker-backed one plugs in through
 * {@link dev.loopy.pubsub.PubSub#over(PubSubBackend)} without any change to user code.
 */
package dev.loopy.pubsub.spi;
