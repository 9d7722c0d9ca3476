package io.choria.lifecycle.tally.web;

/**
 * Where and how the tally's port listens.
 *
 * @param bind the address, or null for all interfaces
 * @param port the port; 0 picks a free one
 * @param web the exporter-toolkit web configuration in force, or null for plain HTTP without authentication
 * @param metricsOnly serve only {@code /metrics} and the health paths: the reference's surface, no fleet page or API
 */
public record HttpSettings(String bind, int port, WebConfigFile web, boolean metricsOnly) {
}
