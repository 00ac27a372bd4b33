package io.weft.plugins.authhttp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.weft.spi.MqttVersion;
import io.weft.spi.UserProperty;
import io.weft.spi.auth.AccessPolicy;
import io.weft.spi.auth.AuthenticationDecision;
import io.weft.spi.auth.ConnectAttempt;
import io.weft.spi.auth.ConnectReason;
import io.weft.spi.auth.Principal;
import io.weft.spi.auth.TopicFilter;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON the service receives and answers, as the module's README describes it: request bodies from a
 * {@link ConnectAttempt}, decisions and policies from answers. Stateless; an answer that breaks the contract is a
 * {@link ServiceFailure} of kind {@link ServiceFailure.Kind#BAD_RESPONSE}.
 */
final class ServiceContract {

    /** The longest reason string passed on from the service (it goes out in the CONNACK). */
    static final int REASON_LIMIT = 256;

    private static final String DEFAULT_DENY_MESSAGE = "refused by the authentication service";

    private ServiceContract() {
    }

    /** The body of an authentication request; it holds the password, so it lives only for the call. */
    static JsonObject authenticationRequest(ConnectAttempt attempt) {
        JsonObject body = new JsonObject();
        body.addProperty("clientId", attempt.clientId());
        body.addProperty("username", attempt.username());
        byte[] password = attempt.password();
        body.addProperty("password", attempt.passwordText());
        body.addProperty("passwordBase64", password == null ? null : Base64.getEncoder().encodeToString(password));
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
        addConnection(body, attempt);
        JsonArray properties = new JsonArray();
        for (UserProperty property : attempt.userProperties()) {
            JsonObject pair = new JsonObject();
            pair.addProperty("name", property.name());
            pair.addProperty("value", property.value());
            properties.add(pair);
        }
        body.add("userProperties", properties);
        return body;
    }

    /** The body of an authorization request for {@code principal}, who is already authenticated. */
    static JsonObject authorizationRequest(ConnectAttempt attempt, Principal principal) {
        JsonObject body = new JsonObject();
        body.addProperty("clientId", attempt.clientId());
        body.addProperty("username", attempt.username());
        body.addProperty("principal", principal.isAnonymous() ? null : principal.name());
        JsonObject attributes = new JsonObject();
        principal.attributes().forEach(attributes::addProperty);
        body.add("attributes", attributes);
        addConnection(body, attempt);
        return body;
    }

    private static void addConnection(JsonObject body, ConnectAttempt attempt) {
        InetSocketAddress remote = attempt.remoteAddress();
        body.addProperty("remoteAddress", remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress());
        body.addProperty("remotePort", remote.getPort());
        body.addProperty("localPort", attempt.localAddress().getPort());
        body.addProperty("protocolVersion", protocolVersion(attempt.version()));
    }

    static String protocolVersion(MqttVersion version) {
        return switch (version) {
            case MQTT_3_1 -> "3.1";
            case MQTT_3_1_1 -> "3.1.1";
            case MQTT_5 -> "5.0";
        };
    }

    /** The decision an authentication answer gives for {@code attempt}. */
    static AuthenticationDecision authenticationDecision(URI url, JsonObject answer, ConnectAttempt attempt)
            throws ServiceFailure {
        return switch (result(url, answer, Optional.empty())) {
            case "allow" -> {
                Principal principal = new Principal(principalName(url, answer, attempt), attributes(url, answer));
                AccessPolicy policy = AccessPolicy.ALLOW_ALL;
                JsonElement acl = answer.get("acl");
                if (acl != null && !acl.isJsonNull()) {
                    if (!acl.isJsonObject()) {
                        throw bad(url, "'acl' must be an object with 'publish' and 'subscribe' lists");
                    }
                    policy = accessList(url, acl.getAsJsonObject(), attempt);
                }
                yield AuthenticationDecision.allow(principal, policy);
            }
            case "deny" -> AuthenticationDecision.deny(reasonCode(answer.get("reasonCode")),
                    optionalText(url, answer, "reason").map(ServiceContract::shorten).orElse(DEFAULT_DENY_MESSAGE));
            default -> AuthenticationDecision.abstain();
        };
    }

    /**
     * The policy an authorization answer gives: its lists for {@code allow} (the default), {@code DENY_ALL} for
     * {@code deny}, and no restriction ({@code ALLOW_ALL}) for {@code ignore}.
     */
    static AccessPolicy authorizationPolicy(URI url, JsonObject answer, ConnectAttempt attempt)
            throws ServiceFailure {
        return switch (result(url, answer, Optional.of("allow"))) {
            case "allow" -> accessList(url, answer, attempt);
            case "deny" -> AccessPolicy.DENY_ALL;
            default -> AccessPolicy.ALLOW_ALL;
        };
    }

    private static String result(URI url, JsonObject answer, Optional<String> fallback) throws ServiceFailure {
        Optional<String> result = optionalText(url, answer, "result").map(text -> text.toLowerCase(Locale.ROOT));
        if (result.isEmpty() && fallback.isPresent()) {
            return fallback.get();
        }
        String value = result.orElseThrow(() -> bad(url, "'result' is missing (allow, deny or ignore)"));
        if (!value.equals("allow") && !value.equals("deny") && !value.equals("ignore")) {
            throw bad(url, "'result' must be allow, deny or ignore, not '" + shorten(value) + "'");
        }
        return value;
    }

    private static String principalName(URI url, JsonObject answer, ConnectAttempt attempt) throws ServiceFailure {
        Optional<String> name = optionalText(url, answer, "principal");
        if (name.isPresent() && name.get().isEmpty()) {
            throw bad(url, "'principal' must not be empty");
        }
        String fallback = attempt.hasUsername() && !attempt.username().isEmpty() ? attempt.username()
                : attempt.clientId();
        return name.orElse(fallback);
    }

    private static Map<String, String> attributes(URI url, JsonObject answer) throws ServiceFailure {
        JsonElement element = answer.get("attributes");
        if (element == null || element.isJsonNull()) {
            return Map.of();
        }
        if (!element.isJsonObject()) {
            throw bad(url, "'attributes' must be an object of text values");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
            if (!entry.getValue().isJsonPrimitive()) {
                throw bad(url, "attribute '" + shorten(entry.getKey()) + "' must be a text, number or boolean");
            }
            attributes.put(entry.getKey(), entry.getValue().getAsString());
        }
        return attributes;
    }

    private static AccessList accessList(URI url, JsonObject lists, ConnectAttempt attempt) throws ServiceFailure {
        return AccessList.of(filters(url, lists, "publish"), filters(url, lists, "subscribe"), attempt.clientId(),
                attempt.username());
    }

    /** A list of topic filters; absent means none, so nothing of that kind is allowed. */
    private static List<String> filters(URI url, JsonObject lists, String key) throws ServiceFailure {
        JsonElement element = lists.get(key);
        if (element == null || element.isJsonNull()) {
            return List.of();
        }
        if (!element.isJsonArray()) {
            throw bad(url, "'" + key + "' must be a list of topic filters");
        }
        List<String> filters = new ArrayList<>();
        for (JsonElement item : element.getAsJsonArray()) {
            if (!(item instanceof JsonPrimitive primitive) || !primitive.isString()) {
                throw bad(url, "'" + key + "' must hold topic filters as text");
            }
            String filter = primitive.getAsString();
            try {
                TopicFilter.parse(filter);
            } catch (IllegalArgumentException invalid) {
                throw bad(url, "'" + key + "' holds an invalid topic filter: " + invalid.getMessage());
            }
            filters.add(filter);
        }
        return List.copyOf(filters);
    }

    /**
     * The refusal the service asks for: 0x86 Bad user name or password, 0x87 Not authorized or 0x8A Banned, by
     * name ({@code bad_username_or_password}, {@code not_authorized}, {@code banned}) or number (134, 135,
     * 138). Anything else, or nothing, is 0x87: it says no more than that the client may not connect.
     */
    static ConnectReason reasonCode(JsonElement element) {
        if (!(element instanceof JsonPrimitive primitive)) {
            return ConnectReason.NOT_AUTHORIZED;
        }
        if (primitive.isNumber()) {
            return switch (primitive.getAsInt()) {
                case 0x86 -> ConnectReason.BAD_USER_NAME_OR_PASSWORD;
                case 0x8A -> ConnectReason.BANNED;
                default -> ConnectReason.NOT_AUTHORIZED;
            };
        }
        return switch (primitive.getAsString().trim().toLowerCase(Locale.ROOT)) {
            case "bad_username_or_password", "bad_user_name_or_password" -> ConnectReason.BAD_USER_NAME_OR_PASSWORD;
            case "banned" -> ConnectReason.BANNED;
            default -> ConnectReason.NOT_AUTHORIZED;
        };
    }

    private static Optional<String> optionalText(URI url, JsonObject answer, String key) throws ServiceFailure {
        JsonElement element = answer.get(key);
        if (element == null || element instanceof JsonNull) {
            return Optional.empty();
        }
        if (!(element instanceof JsonPrimitive primitive) || !primitive.isString()) {
            throw bad(url, "'" + key + "' must be text");
        }
        return Optional.of(primitive.getAsString());
    }

    private static String shorten(String text) {
        return text.length() <= REASON_LIMIT ? text : text.substring(0, REASON_LIMIT);
    }

    private static ServiceFailure bad(URI url, String problem) {
        return new ServiceFailure(ServiceFailure.Kind.BAD_RESPONSE, url + " answered 200 against the contract: "
                + problem);
    }
}
