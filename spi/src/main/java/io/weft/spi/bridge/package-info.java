/**
 * Bridges: messages out of the broker to another system, and messages from it into the broker. This version of
 * the SPI fixes the contract; the broker that runs bridges arrives with a later release, and until then it refuses
 * to enable a bridge plugin, saying so.
 */
package io.weft.spi.bridge;
