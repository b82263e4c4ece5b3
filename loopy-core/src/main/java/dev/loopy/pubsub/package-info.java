/**
 * Topic publish/subscribe: a hub routes each message published to a topic to the
 * subscriptions whose patterns match it.
 *
 * <p>Vocabulary used throughout the package:
 * <ul>
 *   <li><em>topic</em>: where a message is published, words joined by {@code .};</li>
 *   <li><em>pattern</em>: what a subscription matches; {@code *} stands for one word,
 *       {@code #} for zero or more ({@link dev.loopy.pubsub.Topics});</li>
 *   <li><em>hub</em>: the {@link dev.loopy.pubsub.PubSub} that routes; the
 *       <em>backend</em> behind it does the work (in-process by default);</li>
 *   <li><em>broadcast</em> subscription: gets every matching message; <em>queue group</em>:
 *       subscriptions sharing a group name, of which one <em>member</em> gets each
 *       matching message;</li>
 *   <li><em>synchronous</em> delivery runs the handler on the publisher's thread;
 *       <em>deferred</em> delivery queues the message and runs the handler on the
 *       subscription's loop or executor;</li>
 *   <li><em>overflow policy</em>: what a full queue does (drop the newest, drop the oldest,
 *       or push back on the publisher);</li>
 *   <li><em>settle</em>: end a delivery with an <em>ack</em> (done) or a <em>nack</em>
 *       (redeliver); a message nacked on its last <em>attempt</em> becomes a
 *       <em>dead letter</em>;</li>
 *   <li><em>hand-over</em>: a closing group member passing its queued and unacknowledged
 *       messages to the other members.</li>
 * </ul>
 *
 * <p>Publishing, subscribing and closing may happen on any thread. Expected outcomes of a
 * publish (no subscriber, a full queue, a closed hub) are {@link
 * dev.loopy.pubsub.PublishResult results}; bad names are {@link
 * dev.loopy.pubsub.InvalidTopicException}s that name the argument and the rule.
 */
package dev.loopy.pubsub;
