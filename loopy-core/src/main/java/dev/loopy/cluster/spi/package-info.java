/**
 * The service-provider interface of the cluster registry: what a store must do to stand
 * behind {@link dev.loopy.cluster.Registry}.
 *
 * <p>A {@link dev.loopy.cluster.spi.RegistryBackend backend} holds the state; the registry in
 * front of it checks arguments and threads and delivers the events the backend
 * {@link dev.loopy.cluster.spi.RegistryEventSink emits}. The embedded backend, used by
 * {@link dev.loopy.cluster.Registry#embedded}, needs nothing installed; a backend over a
 * distributed store such as etcd is plugged in with
 * {@link dev.loopy.cluster.Registry#create} and changes no user code beyond that call.
 * Everything here runs on the loop thread.
 */
package dev.loopy.cluster.spi;
