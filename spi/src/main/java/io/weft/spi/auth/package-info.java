/**
 * Authentication and authorization: who a client is, decided once at CONNECT (or in an MQTT 5 AUTH exchange),
 * and what it may do, as an {@link io.weft.spi.auth.AccessPolicy} asked on every PUBLISH and SUBSCRIBE.
 *
 * <p>The broker asks the enabled {@link io.weft.spi.auth.Authenticator}s in configuration order; the first that
 * does not {@linkplain io.weft.spi.auth.AuthenticationDecision.Abstain abstain} decides. When all abstain (or none
 * is configured), the client is anonymous: admitted only if it presented no user name and anonymous access is on
 * for its listener ({@code auth.anonymous}, on for loopback listeners only by default). Then every
 * {@link io.weft.spi.auth.Authorizer} adds its policy: a PUBLISH or SUBSCRIBE needs the authenticator's policy
 * and every authorizer's to allow it.
 */
package io.weft.spi.auth;
