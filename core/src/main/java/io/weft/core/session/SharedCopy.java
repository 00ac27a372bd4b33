package io.weft.core.session;

/** A copy of a shared subscription taken from one member's queue ({@link Session#takeShared}) to go to another. */
public record SharedCopy(long sequence, Message message, long receivedAtMillis) {
}
