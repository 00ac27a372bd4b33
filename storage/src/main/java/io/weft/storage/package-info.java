/**
 * Durable implementations of core's storage ports ({@code io.weft.core.store}) with Chronicle Queue.
 * {@link io.weft.storage.ChronicleStorage#open} opens {@code <directory>/messages} (the message journal,
 * appended by the persist stage) and {@code <directory>/state} (the state journal, appended by the route
 * stage) and hands out the ports as {@link io.weft.core.store.Stores}. Every record is one excerpt in a small
 * hand-written binary format with a format version and a CRC32C ({@code RecordEncoder}, {@code RecordDecoder}).
 */
package io.weft.storage;
