/**
 * JMH benchmarks of the broker's hot paths: the PUBLISH codec, the packet reader, the topic tree, the
 * dispatch ring and the whole broker on loopback. Build with {@code ./mvnw -pl perf -am -DskipTests package},
 * then list with {@code java -jar perf/target/benchmarks.jar -l} and run a subset by name, for example
 * {@code java -jar perf/target/benchmarks.jar TopicTree -p subscriptions=1000}. Defaults (one fork, two
 * warm-up and three measured iterations of one second) keep the whole suite to a few minutes on two cores.
 */
package io.weft.perf.jmh;
