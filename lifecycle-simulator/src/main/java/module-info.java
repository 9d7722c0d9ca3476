/**
 * A simulated Choria fleet on a NATS connection, with the ground truth of what it announced: the
 * simulator, its settings and stats, and the truth file. Everything else is package-private.
 */
@SuppressWarnings("requires-automatic") // jnats has no module descriptor
module io.choria.lifecycle.simulator {
    requires transitive io.choria.lifecycle;
    requires transitive io.nats.jnats;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports io.choria.lifecycle.simulator;
}
