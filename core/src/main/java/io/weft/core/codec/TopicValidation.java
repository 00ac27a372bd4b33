package io.weft.core.codec;

/** Syntax rules for topic names and topic filters (spec 4.7, 4.8.2). */
public final class TopicValidation {

    private static final String SHARE_PREFIX = "$share/";
    private static final int MAXIMUM_BYTES = 0xFFFF;

    private TopicValidation() {
    }

    /**
     * A topic name for PUBLISH or a will: at least one character [MQTT-4.7.3-1], no wildcard
     * [MQTT-3.3.2-2], [MQTT-4.7.0-1], no U+0000 [MQTT-4.7.3-2], at most 65535 bytes [MQTT-4.7.3-3].
     */
    public static boolean isValidTopicName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int index = 0; index < name.length(); index++) {
            char c = name.charAt(index);
            if (c == '+' || c == '#' || c == 0) {
                return false;
            }
        }
        return Utf8.encodedLength(name) <= MAXIMUM_BYTES;
    }

    /**
     * A topic filter for SUBSCRIBE or UNSUBSCRIBE: at least one character [MQTT-4.7.3-1], no U+0000
     * [MQTT-4.7.3-2], at most 65535 bytes [MQTT-4.7.3-3]; '#' only alone or after '/' and last
     * [MQTT-4.7.1-2]; '+' fills a whole level [MQTT-4.7.1-3]. A shared subscription
     * ({@code $share/{ShareName}/{filter}}) also needs a share name of one or more characters without
     * '/', '+' or '#', followed by '/' and a valid filter [MQTT-4.8.2-1], [MQTT-4.8.2-2].
     */
    public static boolean isValidTopicFilter(String filter) {
        if (filter.isEmpty() || Utf8.encodedLength(filter) > MAXIMUM_BYTES) {
            return false;
        }
        if (isSharedSubscription(filter)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash <= SHARE_PREFIX.length()) {
                return false; // no share name, or no '/' after it
            }
            String shareName = filter.substring(SHARE_PREFIX.length(), slash);
            if (shareName.indexOf('+') >= 0 || shareName.indexOf('#') >= 0) {
                return false;
            }
            return isValidFilterSyntax(filter, slash + 1);
        }
        return isValidFilterSyntax(filter, 0);
    }

    /** Whether {@code filter} names a shared subscription: it starts with {@code $share/} (spec 4.8.2). */
    public static boolean isSharedSubscription(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /** The ShareName of a shared subscription filter, or null if it is not one with a valid form. */
    public static String shareName(String filter) {
        if (!isSharedSubscription(filter)) {
            return null;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return slash > SHARE_PREFIX.length() ? filter.substring(SHARE_PREFIX.length(), slash) : null;
    }

    /** The topic filter of a shared subscription after its share name, or {@code filter} itself if not shared. */
    public static String withoutShare(String filter) {
        if (!isSharedSubscription(filter)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return slash < 0 ? "" : filter.substring(slash + 1);
    }

    private static boolean isValidFilterSyntax(String filter, int start) {
        int length = filter.length();
        if (start >= length) {
            return false; // an empty filter after the share name
        }
        for (int index = start; index < length; index++) {
            char c = filter.charAt(index);
            boolean levelStart = index == start || filter.charAt(index - 1) == '/';
            boolean levelEnd = index == length - 1 || filter.charAt(index + 1) == '/';
            if (c == 0) {
                return false;
            }
            if (c == '#' && !(levelStart && index == length - 1)) {
                return false;
            }
            if (c == '+' && !(levelStart && levelEnd)) {
                return false;
            }
        }
        return true;
    }
}
