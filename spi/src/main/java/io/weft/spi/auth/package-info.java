/**
 * Authentication and authorization: who a client is, decided once at CONNECT (or in an MQTT 5 AUTH exchange),
 * and what it may do, as an {@link io.weft.spi.auth.AccessPolicy} asked on every PUBLISH and SUBSCRIBE.
 *
 * <p>The broker asks the enabled {@link io.weft.spi.auth.Authenticator}s in configuration order; the first that
 * does not {@linkplain io.weft.spi.auth.AuthenticationDecision.Abstain abstain} decides. When all abstain, a client
 * that presented a user name is refused (0x86) and one that did not is anonymous; with no authenticator enabled at
 * all, every client is anonymous. An anonymous client is admitted only where anonymous access is on for its
 * listener ({@code auth.anonymous}: on for loopback listeners only, by default), else refused (0x87). Then every
 * {@link io.weft.spi.auth.Authorizer} adds its policy: a PUBLISH or SUBSCRIBE needs the authenticator's policy
 * and every authorizer's to allow it. {@link io.weft.spi.auth.TopicFilter} gives policies MQTT's topic filter rules:
 * matching a topic, covering a requested filter, overlapping a denied one.
 */
package io.weft.spi.auth;
