/** JMH benchmarks ({@code jmh}) and the load generator behind bin/weft-bench ({@code load}). */
package io.weft.perf;
