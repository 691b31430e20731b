/**
 * Engine web UIs through the platform: each cluster's own UI (the Spark master's, which reaches its
 * workers' and drivers' through Spark's reverse proxy; Flink's dashboard) served under {@code
 * /clusters/{id}/ui/} behind the platform's login and tenant rules. The platform presents the
 * cluster's credentials to the engine; the browser never reaches an engine port.
 */
package io.bdpaas.engineui;
