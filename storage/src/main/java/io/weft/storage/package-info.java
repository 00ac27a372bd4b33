/**
 * Durable implementations of core's storage ports ({@code io.weft.core.store}) with Chronicle Queue. Empty
 * until the storage issue: the broker runs with core's in-memory stores.
 */
package io.weft.storage;
