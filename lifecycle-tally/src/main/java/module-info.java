/**
 * The fleet tally: a Prometheus exporter counting live Choria nodes per component and version,
 * drop-in for the reference tally's series, with leader election, a warm start from the
 * {@code CHORIA_EVENTS} stream, and a fleet page and nodes API.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // client_java has no module descriptors
module io.choria.lifecycle.tally {
    requires transitive io.choria.lifecycle.nats;
    requires transitive io.prometheus.metrics.model;
    requires io.prometheus.metrics.core;
    requires io.prometheus.writer.text;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires spring.security.crypto;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires java.net.http;
    requires org.slf4j;

    exports io.choria.lifecycle.tally;
}
