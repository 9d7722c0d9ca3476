package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the jnats bug where a connection comes back from a broker restart saying CONNECTED
 * but never sends a published message again. Plain jnats, default options apart from a short
 * reconnect wait, none of our own reconnect handling, so it measures jnats alone.
 *
 * <p>Slow (about a second per restart), so excluded from the default build; run it with
 * {@code mvn -pl lifecycle-nats -am test -Dgroups=soak -Dtest=ReconnectDeliverySoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false} and {@code -Dsoak.restarts=N} (default 25).
 */
@Tag("soak")
class ReconnectDeliverySoakTest {
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(5);

    @Test
    void quietConnectionDeliversAfterEveryRestart() throws Exception {
        soak("quiet", false);
    }

    /** As a service that keeps publishing: messages go out while the broker is down and while jnats reconnects. */
    @Test
    void busyConnectionDeliversAfterEveryRestart() throws Exception {
        soak("busy", true);
    }

    private static void soak(String mode, boolean busy) throws Exception {
        int restarts = Integer.getInteger("soak.restarts", 25);
        List<String> failures = new ArrayList<>();
        try (NatsServerProcess server = NatsServerProcess.start()) {
            for (int i = 1; i <= restarts; i++) {
                String failure = restartAndPublish(server, i, busy);
                if (failure != null) {
                    failures.add("restart " + i + ": " + failure);
                }
            }
        }
        String what = "jnats " + jnatsJar() + ", " + mode + ", " + restarts + " restarts";
        System.out.printf("SOAK %s: %d did not deliver%n", what, failures.size());
        failures.forEach(f -> System.out.println("SOAK   " + f));
        assertThat(failures).as(what).isEmpty();
    }

    /** The jnats jar on the class path; its name carries the version (the manifest does not). */
    private static String jnatsJar() {
        String path = Nats.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** One round: connect, restart the broker, publish from the reconnected connection. */
    private static String restartAndPublish(NatsServerProcess server, int round, boolean busy) throws Exception {
        Options options = new Options.Builder().server(server.url())
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).build();
        try (Connection publisher = Nats.connect(options)) {
            Thread chatter = busy ? chatter(publisher, "soak.chatter." + round) : null;
            server.restart();
            // the reconnect count, not only the status: right after the kill jnats may not have noticed yet
            Poll.until(Duration.ofSeconds(15), () -> publisher.getStatistics().getReconnects() >= 1
                            && publisher.getStatus() == Connection.Status.CONNECTED,
                    () -> "publisher status " + publisher.getStatus());
            if (chatter != null) {
                chatter.interrupt();
                chatter.join();
            }
            // a fresh subscriber, so a lost message can only be the reconnected publisher's fault
            try (Connection subscriber = Nats.connect(options)) {
                String subject = "soak.round." + round;
                Subscription sub = subscriber.subscribe(subject);
                subscriber.flush(Duration.ofSeconds(5));
                return publishUntilDelivered(publisher, sub, subject);
            }
        }
    }

    /** Publishes every 2 ms until interrupted, through the disconnect and the reconnect. */
    private static Thread chatter(Connection publisher, String subject) {
        Thread t = new Thread(() -> {
            byte[] body = "chatter".getBytes(StandardCharsets.UTF_8);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    publisher.publish(subject, body);
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a full reconnect buffer refuses publishes; carry on as a service would
                }
            }
        }, "soak-chatter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Publishes every 200 ms until one arrives; a bug, not a race, loses all of them. */
    private static String publishUntilDelivered(Connection publisher, Subscription sub, String subject)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_DEADLINE.toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            publisher.publish(subject, ("m" + sent++).getBytes(StandardCharsets.UTF_8));
            if (sub.nextMessage(Duration.ofMillis(200)) != null) {
                return null;
            }
        }
        String flush;
        try {
            publisher.flush(Duration.ofSeconds(2));
            flush = "flush (PING/PONG) works";
        } catch (Exception e) {
            flush = "flush fails: " + e;
        }
        return sent + " publishes in " + DELIVERY_DEADLINE.toSeconds() + " s, none delivered; status "
                + publisher.getStatus() + ", " + flush;
    }
}
