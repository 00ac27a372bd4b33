package io.weft.plugins.authfile;

/** What an ACL line grants or takes away, by its keyword in the file. */
enum Access {
    /** Subscribe to filters the rule's filter covers. */
    READ("read"),
    /** Publish to topics the rule's filter matches. */
    WRITE("write"),
    /** Both; the default when a line names no access. */
    READ_WRITE("readwrite"),
    /** Neither, whatever other rules grant: deny rules are checked first. */
    DENY("deny");

    private final String keyword;

    Access(String keyword) {
        this.keyword = keyword;
    }

    /** The access named {@code word}, or null when it is not one of the keywords. */
    static Access of(String word) {
        for (Access access : values()) {
            if (access.keyword.equals(word)) {
                return access;
            }
        }
        return null;
    }

    boolean reads() {
        return this == READ || this == READ_WRITE;
    }

    boolean writes() {
        return this == WRITE || this == READ_WRITE;
    }
}
