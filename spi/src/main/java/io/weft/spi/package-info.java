/**
 * The Weft plugin SPI: with the MQTT protocol itself, the one public API of Weft. Plugins depend on this
 * module only (it needs nothing but {@code java.base}); every class of the broker's core may change without
 * notice, these types change only with {@link io.weft.spi.SpiVersion}.
 *
 * <h2>How a plugin is found and made</h2>
 * A stateless {@link io.weft.spi.PluginProvider} is registered in
 * {@code META-INF/services/io.weft.spi.PluginProvider} and found with {@link java.util.ServiceLoader}, on the
 * broker's class path or in a jar (or a folder of jars) dropped into the broker's {@code plugins/} directory,
 * each of which gets a class loader of its own that sees only {@code io.weft.spi} and the JDK of the broker.
 * The configuration names instances of a provider's {@linkplain io.weft.spi.PluginProvider#type() type}; for each
 * enabled one the broker calls {@link io.weft.spi.PluginProvider#create} with a
 * {@link io.weft.spi.PluginContext}: the instance name, its configuration section, a data directory, a logger,
 * metrics and a clock.
 *
 * <h2>What a plugin does</h2>
 * A {@link io.weft.spi.Plugin} takes on one role or more by implementing their interfaces:
 * <ul>
 *   <li>{@link io.weft.spi.auth.Authenticator}: decides a CONNECT (allow with a principal and an access policy,
 *       deny with a reason code, or abstain); authenticators form a chain in configuration order;</li>
 *   <li>{@link io.weft.spi.auth.EnhancedAuthenticator}: MQTT 5 challenge and response (AUTH packets), also
 *       for re-authentication;</li>
 *   <li>{@link io.weft.spi.auth.Authorizer}: adds an {@link io.weft.spi.auth.AccessPolicy} to every
 *       authenticated connection (publish and subscribe checks that never block);</li>
 *   <li>{@link io.weft.spi.event.BrokerEventListener}: connect, disconnect, subscribe, unsubscribe, publish and
 *       drop events, for audit and metrics;</li>
 *   <li>{@link io.weft.spi.bridge.Bridge}: forwards matching messages elsewhere and publishes into the
 *       broker.</li>
 * </ul>
 *
 * <h2>Threads, deadlines and failures</h2>
 * Each method's documentation names the thread that calls it and whether it may block or throw. The broker
 * puts a deadline ({@link io.weft.spi.PluginContext#callTimeout()}) on every call that may block; a call that
 * throws or passes its deadline is logged with the plugin's name and counted, and becomes a refusal (or a
 * retry, for bridges): a plugin never ends a client's connection loop or the broker's dispatch ring.
 */
package io.weft.spi;
