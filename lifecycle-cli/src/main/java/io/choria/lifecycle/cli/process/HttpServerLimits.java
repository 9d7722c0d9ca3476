package io.choria.lifecycle.cli.process;

/**
 * The time limits of the JDK's HTTP server, which the tally serves {@code /metrics} and the fleet
 * page with: a client that takes longer than 10 s to send its request, or a response that runs
 * longer than 30 s, is dropped, so stalled clients cannot hold the server's threads. The JDK
 * reads them only as JVM-wide system properties, once; so the program sets them, before any
 * server starts, and only where the operator has not (e.g. with {@code JAVA_OPTS}). The library
 * never does: a service that embeds a tally keeps its JVM's settings.
 */
public final class HttpServerLimits {
    public static final String REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    public static final String RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";

    private HttpServerLimits() {
    }

    public static void applyDefaults() {
        if (System.getProperty(REQUEST_SECONDS) == null) {
            System.setProperty(REQUEST_SECONDS, "10");
        }
        if (System.getProperty(RESPONSE_SECONDS) == null) {
            System.setProperty(RESPONSE_SECONDS, "30");
        }
    }
}
