/**
 * Events of the broker's life for audit, accounting and metrics plugins: connects (and refused connects),
 * disconnects, subscriptions, publishes and dropped messages. Listeners are told after the fact and cannot
 * change what happens; they never run on a client's thread or on the dispatch ring.
 */
package io.weft.spi.event;
