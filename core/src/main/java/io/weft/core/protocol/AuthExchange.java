package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.Auth;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.ReasonCode;
import io.weft.core.security.Authenticator.ConnectRequest;
import io.weft.core.security.EnhancedAuthenticator;
import io.weft.core.security.EnhancedAuthenticator.Exchange;
import io.weft.core.security.EnhancedAuthenticator.Step;
import io.weft.spi.auth.AuthenticationPhase;

/**
 * Owned by the connection's reader thread: the enhanced authentication of one connection (5.0 section 4.12),
 * at CONNECT and in later re-authentications. Every AUTH must name the method of the CONNECT [MQTT-4.12.0-5].
 */
final class AuthExchange {

    private static final System.Logger LOG = System.getLogger(AuthExchange.class.getName());

    private final EnhancedAuthenticator authenticators;
    private final String method;
    private final ConnectRequest request;
    /** The exchange in progress (a Continue was answered), null between authentications. */
    private Exchange exchange;

    AuthExchange(EnhancedAuthenticator authenticators, String method, ConnectRequest request) {
        this.authenticators = authenticators;
        this.method = method;
        this.request = request;
    }

    String method() {
        return method;
    }

    /** The connection ended (or its connect deadline passed) during an exchange: the authenticator is told. */
    void abandon() {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            try {
                current.abandon();
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.DEBUG, "abandoning an authentication exchange failed", failure);
            }
        }
    }

    /** The first step, at CONNECT or at AUTH 0x19; 0x8C when no authenticator handles the method [MQTT-4.12.0-1]. */
    Step begin(byte[] data, AuthenticationPhase phase) {
        Exchange opened;
        try {
            opened = authenticators.open(method, phase);
        } catch (RuntimeException failure) {
            return failed(failure);
        }
        if (opened == null) {
            return new Step.Failure(ReasonCode.BAD_AUTHENTICATION_METHOD, "no authenticator for method " + method);
        }
        exchange = opened;
        try {
            return track(opened.begin(request, data));
        } catch (RuntimeException failure) {
            exchange = null;
            return failed(failure);
        }
    }

    /**
     * An authenticator that throws refuses the client (0x80 Unspecified error) and is logged; it never ends the
     * reader with an unexpected failure and no CONNACK.
     */
    private Step failed(RuntimeException failure) {
        LOG.log(System.Logger.Level.ERROR, "enhanced authenticator for method " + method + " failed", failure);
        return new Step.Failure(ReasonCode.UNSPECIFIED_ERROR, "the authenticator failed");
    }

    /** An AUTH before CONNACK: only 0x18 (Continue authentication) answering a challenge is allowed. */
    Step duringConnect(Auth auth) {
        Step.Failure wrong = wrongMethod(auth);
        if (wrong != null) {
            return wrong;
        }
        if (!auth.reasonCode().equals(ReasonCode.CONTINUE_AUTHENTICATION)) {
            return protocolError("AUTH " + auth.reasonCode() + " before CONNACK");
        }
        return proceed(auth);
    }

    /** An AUTH after CONNACK: 0x19 starts a re-authentication, 0x18 answers its challenge (5.0 section 4.12.1). */
    Step afterConnect(Auth auth) {
        Step.Failure wrong = wrongMethod(auth);
        if (wrong != null) {
            return wrong;
        }
        if (auth.reasonCode().equals(ReasonCode.REAUTHENTICATE) && exchange == null) {
            return begin(auth.properties().binary(PropertyId.AUTHENTICATION_DATA), AuthenticationPhase.REAUTHENTICATION);
        }
        if (auth.reasonCode().equals(ReasonCode.CONTINUE_AUTHENTICATION) && exchange != null) {
            return proceed(auth);
        }
        return protocolError("AUTH " + auth.reasonCode() + (exchange == null ? " outside" : " during")
                + " a re-authentication");
    }

    /** AUTH 0x18 with the challenge. */
    Auth challenge(byte[] data) {
        return new Auth(ReasonCode.CONTINUE_AUTHENTICATION, properties(data).build());
    }

    /** AUTH 0x00 ending a successful re-authentication. */
    Auth success(byte[] data) {
        return new Auth(ReasonCode.SUCCESS, properties(data).build());
    }

    /** The method, and the data when there is some: for AUTH and for the CONNACK that ends the exchange. */
    MqttProperties.Builder properties(byte[] data) {
        MqttProperties.Builder properties = MqttProperties.builder().put(PropertyId.AUTHENTICATION_METHOD, method);
        if (data != null) {
            properties.put(PropertyId.AUTHENTICATION_DATA, data);
        }
        return properties;
    }

    private Step proceed(Auth auth) {
        if (exchange == null) {
            return protocolError("AUTH 0x18 without a challenge");
        }
        try {
            return track(exchange.proceed(auth.properties().binary(PropertyId.AUTHENTICATION_DATA)));
        } catch (RuntimeException failure) {
            exchange = null;
            return failed(failure);
        }
    }

    /** An exchange ends with anything but Continue. */
    private Step track(Step step) {
        if (step == null) {
            exchange = null;
            return new Step.Failure(ReasonCode.UNSPECIFIED_ERROR, "the authenticator gave no answer");
        }
        if (!(step instanceof Step.Continue)) {
            exchange = null;
        }
        return step;
    }

    private Step.Failure wrongMethod(Auth auth) {
        String named = auth.properties().string(PropertyId.AUTHENTICATION_METHOD);
        return method.equals(named) ? null
                : protocolError("AUTH with method " + named + " after CONNECT with " + method + " [MQTT-4.12.0-5]");
    }

    private static Step.Failure protocolError(String why) {
        return new Step.Failure(ReasonCode.PROTOCOL_ERROR, why);
    }
}
