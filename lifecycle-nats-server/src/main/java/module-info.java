/**
 * A local {@code nats-server} (the Debian package) as a child process: the one launcher the demo,
 * the benchmarks and every module's tests use. Not for production brokers.
 */
module io.choria.lifecycle.natsserver {
    requires transitive io.choria.lifecycle;

    exports io.choria.lifecycle.natsserver;
}
