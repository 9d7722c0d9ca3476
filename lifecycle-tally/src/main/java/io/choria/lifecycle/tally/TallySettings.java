package io.choria.lifecycle.tally;

import io.choria.lifecycle.nats.ConnectRetry;
import io.choria.lifecycle.nats.election.ElectionSettings;
import io.nats.client.Connection;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a {@link Tally} runs with: taken from its builder when started, so a caller who goes on
 * changing the builder does not change a running tally. {@code election} is null without an
 * election (a value, so nothing the tally does changes the caller's). One of {@code connection}
 * (the caller's) and {@code connector} (the tally connects itself) is set, the other null.
 */
record TallySettings(Connection connection, ConnectRetry connector, String component, String prefix, PrometheusRegistry registry,
                     ExpiryWindow expiry, int maxNodes, int maxVersions, boolean replay, boolean stream, boolean warmup, String bind, int port,
                     Path webConfig, boolean metricsOnly, String version, String revision,
                     ElectionSettings election, Clock clock) {
}
