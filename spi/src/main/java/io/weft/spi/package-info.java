/**
 * The Weft plugin SPI: the one public API of Weft besides the protocol. Plugins depend on this module only.
 * The contracts (providers, authentication decisions, access policies, event listeners, bridges) arrive with
 * the plugin issue; until then core has internal seams ({@code io.weft.core.security}) that they will plug into.
 */
package io.weft.spi;
