/**
 * Lifecycle events over NATS: the Choria client configuration, connecting (TLS), publishing,
 * subscribing, the viewer, the reader of the {@code CHORIA_EVENTS} stream and the agent a Java
 * service embeds.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // jnats has no module descriptor
module io.choria.lifecycle.nats {
    requires transitive io.choria.lifecycle;
    requires transitive io.nats.jnats;
    requires java.naming;
    requires org.slf4j;

    exports io.choria.lifecycle.nats;
    exports io.choria.lifecycle.nats.election;
    // not API: jnats creates the TLS data port by class name; the tally's HTTPS port reads PEM files
    exports io.choria.lifecycle.nats.internal to io.nats.jnats, io.choria.lifecycle.tally;
}
