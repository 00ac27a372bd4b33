package io.weft.core.store;

/**
 * Storage port, safe from any thread: the journal's disk use against its cap. While {@link #full()},
 * new QoS 1/2 publishes are refused (0x97 Quota exceeded in 5.0); nothing already acknowledged is dropped.
 */
public interface DiskQuota {

    DiskQuota UNLIMITED = new DiskQuota() {
        @Override
        public boolean full() {
            return false;
        }

        @Override
        public long usedBytes() {
            return 0;
        }
    };

    boolean full();

    long usedBytes();
}
