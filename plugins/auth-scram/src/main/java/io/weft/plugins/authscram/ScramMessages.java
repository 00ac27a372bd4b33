package io.weft.plugins.authscram;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Parses the client's two SCRAM messages (RFC 5802 section 7). Stateless.
 *
 * <p>Written by hand rather than with scram-common's parsers, because that library is a client's: it has no parser
 * for client-final-message at all, and its {@code ClientFirstMessage.parseFrom} escapes the user name a second time
 * ({@code n=a=2Cb} comes back as {@code a=3D2Cb}) and accepts malformed escapes such as {@code =2}. The server also
 * needs the messages exactly as sent (client-first-message-bare, client-final-message-without-proof) to build the
 * AuthMessage, where the library would rebuild them from parsed parts.
 */
final class ScramMessages {

    /** Longer Authentication Data is refused before it is decoded: a SCRAM message is a few hundred bytes. */
    static final int MAXIMUM_MESSAGE_BYTES = 8192;

    private ScramMessages() {
    }

    /** A client message that breaks RFC 5802's grammar; the message names the rule. */
    static final class MalformedMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedMessageException(String message) {
            super(message);
        }
    }

    /**
     * client-first-message.
     *
     * @param gs2Header          the gs2-header as sent, with its final comma (it returns in the channel-binding
     *                           attribute of client-final-message)
     * @param channelBindingName the cb-name of {@code p=cb-name}, null for {@code n} and {@code y}
     * @param authorizationId    the unescaped authzid, null when absent
     * @param username           the unescaped user name, not yet SASLprep'd
     * @param clientNonce        c-nonce
     * @param bare               client-first-message-bare as sent
     */
    record ClientFirst(String gs2Header, String channelBindingName, String authorizationId, String username,
                       String clientNonce, String bare) {

        boolean requestsChannelBinding() {
            return channelBindingName != null;
        }
    }

    /**
     * client-final-message.
     *
     * @param channelBinding the decoded channel-binding attribute (cbind-input)
     * @param nonce          the combined nonce
     * @param proof          the decoded ClientProof
     * @param withoutProof   client-final-message-without-proof as sent
     */
    record ClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {
    }

    /** UTF-8 text of Authentication Data; absent, empty, oversized or malformed bytes are refused. */
    static String text(byte[] data, String what) throws MalformedMessageException {
        if (data == null || data.length == 0) {
            throw new MalformedMessageException("no " + what + " in the Authentication Data");
        }
        if (data.length > MAXIMUM_MESSAGE_BYTES) {
            throw new MalformedMessageException(what + " longer than " + MAXIMUM_MESSAGE_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedMessageException(what + " is not UTF-8");
        }
    }

    static ClientFirst parseClientFirst(String message) throws MalformedMessageException {
        String channelBindingName = null;
        int position;
        if (message.startsWith("n,") || message.startsWith("y,")) {
            position = 2;
        } else if (message.startsWith("p=")) {
            int comma = message.indexOf(',');
            if (comma < 0) {
                throw new MalformedMessageException("gs2-header ends early");
            }
            channelBindingName = message.substring(2, comma);
            if (!channelBindingName.matches("[A-Za-z0-9.-]+")) {
                throw new MalformedMessageException("cb-name is letters, digits, '.' and '-'");
            }
            position = comma + 1;
        } else {
            throw new MalformedMessageException("gs2-cbind-flag must be n, y or p=cb-name");
        }
        int headerEnd = message.indexOf(',', position);
        if (headerEnd < 0) {
            throw new MalformedMessageException("gs2-header ends early");
        }
        String authorization = message.substring(position, headerEnd);
        String authorizationId = null;
        if (!authorization.isEmpty()) {
            if (!authorization.startsWith("a=")) {
                throw new MalformedMessageException("the gs2-header's second field must be empty or a=authzid");
            }
            authorizationId = saslName(authorization.substring(2), "authzid");
        }
        String gs2Header = message.substring(0, headerEnd + 1);
        String bare = message.substring(headerEnd + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes[0].startsWith("m=")) {
            throw new MalformedMessageException("mandatory extensions (m=) are not supported");
        }
        if (attributes.length < 2) {
            throw new MalformedMessageException("client-first-message-bare needs n=username,r=nonce");
        }
        String username = saslName(attribute(attributes[0], 'n', "username"), "username");
        String clientNonce = nonce(attribute(attributes[1], 'r', "nonce"));
        extensions(attributes, 2, attributes.length);
        return new ClientFirst(gs2Header, channelBindingName, authorizationId, username, clientNonce, bare);
    }

    static ClientFinal parseClientFinal(String message) throws MalformedMessageException {
        String[] attributes = message.split(",", -1);
        if (attributes.length < 3) {
            throw new MalformedMessageException("client-final-message needs c=,r= and p=");
        }
        byte[] channelBinding = base64(attribute(attributes[0], 'c', "channel-binding"), "channel-binding");
        String nonce = nonce(attribute(attributes[1], 'r', "nonce"));
        extensions(attributes, 2, attributes.length - 1);
        byte[] proof = base64(attribute(attributes[attributes.length - 1], 'p', "proof"), "proof");
        String withoutProof = message.substring(0, message.lastIndexOf(','));
        return new ClientFinal(channelBinding, nonce, proof, withoutProof);
    }

    /** The value of {@code name=value}, which must be non-empty. */
    private static String attribute(String text, char name, String what) throws MalformedMessageException {
        if (text.length() < 3 || text.charAt(0) != name || text.charAt(1) != '=') {
            throw new MalformedMessageException("expected " + what + " (" + name + "=...) in its place");
        }
        return text.substring(2);
    }

    /** Extensions: attr-val = ALPHA "=" value; the server knows none and ignores them, as RFC 5802 allows. */
    private static void extensions(String[] attributes, int from, int to) throws MalformedMessageException {
        for (int index = from; index < to; index++) {
            String extension = attributes[index];
            char name = extension.isEmpty() ? 0 : extension.charAt(0);
            boolean letter = name >= 'a' && name <= 'z' || name >= 'A' && name <= 'Z';
            if (extension.length() < 3 || !letter || extension.charAt(1) != '=') {
                throw new MalformedMessageException("an extension must be letter=value");
            }
        }
    }

    /** c-nonce: printable ASCII except ','. */
    private static String nonce(String value) throws MalformedMessageException {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (character < 0x21 || character > 0x7E) {
                throw new MalformedMessageException("a nonce is printable ASCII without ','");
            }
        }
        return value;
    }

    /** Unescapes a saslname ({@code =2C} is ',', {@code =3D} is '='); any other '=' is malformed. */
    static String saslName(String value, String what) throws MalformedMessageException {
        if (value.isEmpty()) {
            throw new MalformedMessageException("empty " + what);
        }
        StringBuilder name = new StringBuilder(value.length());
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (character == '=') {
                String escape = value.substring(index, Math.min(index + 3, value.length()));
                switch (escape) {
                    case "=2C" -> name.append(',');
                    case "=3D" -> name.append('=');
                    default -> throw new MalformedMessageException(what + " has '=' that is not =2C or =3D");
                }
                index += 2;
            } else if (character == 0) {
                throw new MalformedMessageException(what + " contains NUL");
            } else {
                name.append(character);
            }
        }
        return name.toString();
    }

    /** Escapes ',' and '=' for a saslname (what a client does before sending a user name). */
    static String toSaslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static byte[] base64(String value, String what) throws MalformedMessageException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            throw new MalformedMessageException(what + " is not base64");
        }
    }
}
