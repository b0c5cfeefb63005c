/**
 * Finding plugins the way a DAW scans its plugin folder: built-ins from the class path and one class loader per jar
 * in the plugin folders ({@link org.nesjam.host.discovery.PluginDiscovery}), every plugin checked (API version, unique
 * id, a probe instance for its parameters) and either accepted ({@link org.nesjam.host.discovery.PluginInfo}) or
 * rejected with a reason ({@link org.nesjam.host.discovery.Rejection}); the
 * {@link org.nesjam.host.discovery.PluginRegistry} owns the jars' class loaders until the session ends.
 * <p>
 * Threads: discovery and closing run on the [main-thread], before and after playing; the registry and the plugin
 * infos are read from any thread.
 */
package org.nesjam.host.discovery;
