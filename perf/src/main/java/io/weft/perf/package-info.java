/** JMH benchmarks and the load generator; empty until the performance issue. */
package io.weft.perf;
