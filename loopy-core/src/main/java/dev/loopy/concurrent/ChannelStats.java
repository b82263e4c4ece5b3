package dev.loopy.concurrent;

/**
 * A snapshot of a channel's counters since it was created.
 *
 * <p>Taken by {@link Channel#stats()} from any thread. Each counter is read on its own
 * while the channel may be in use, so the figures are exact only once the channel is
 * quiet; {@code sent - received} is then the number of messages still inside.
 *
 * @param sent messages that entered the channel
 * @param received messages that left it
 * @param failedSends sends that delivered nothing: a {@code trySend} that found the channel
 *     full, a timed send whose timeout elapsed, a send refused because the channel was
 *     closed or interrupted
 * @param failedReceives receives that returned no message: empty on a {@code tryReceive},
 *     a timeout, a drained channel, an interrupt
 * @param blockedSends sends that had to park because the channel stayed full
 * @param blockedReceives receives that had to park because the channel stayed empty
 */
public record ChannelStats(long sent, long received, long failedSends, long failedReceives,
        long blockedSends, long blockedReceives) {
}
