/**
 * Test a Weft plugin without starting a broker. {@link io.weft.testkit.PluginHarness} finds your provider the
 * way the broker does (ServiceLoader) and makes an instance with a {@link io.weft.testkit.TestPluginContext};
 * {@link io.weft.testkit.ConnectAttempts} builds CONNECTs; {@link io.weft.testkit.EnhancedAuthenticationDriver}
 * plays the client side of an MQTT 5 AUTH exchange; {@link io.weft.testkit.RecordingMetrics},
 * {@link io.weft.testkit.RecordingLogger}, {@link io.weft.testkit.MutableClock} and
 * {@link io.weft.testkit.RecordingBrokerPublisher} let a test see what the plugin did. Independent of any test
 * framework: failures are {@link java.lang.AssertionError}s.
 */
package io.weft.testkit;
