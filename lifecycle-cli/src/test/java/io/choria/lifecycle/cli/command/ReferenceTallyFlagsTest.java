package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.ChoriaLifecycle;
import io.choria.lifecycle.cli.CliProcess;
import io.choria.lifecycle.cli.CliRun;
import io.choria.lifecycle.cli.process.StderrLogging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tally started the way the reference tally is started: the flags of choria-io/tally's
 * packaged unit ({@code packager/templates/el/el9/tally.service}), {@code --debug} after the
 * command, the hidden {@code --tls} as the fisk boolean it is there ({@code --no-tls}), and a
 * Choria configuration as a shop writes one: the broker's password, a log file.
 */
class ReferenceTallyFlagsTest {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    /** A client configuration as a shop's: brokers, and the default (puppet) security provider. */
    private Path choriaConfig(NatsServerProcess server, String extra) throws Exception {
        return Files.writeString(dir.resolve("choria.conf"), "plugin.choria.middleware_hosts = 127.0.0.1:"
                + server.port() + "\n" + extra);
    }

    @Test
    void theDefaultComponentIsEveryComponentAsInTheReferenceTally() {
        CommandLine cl = ChoriaLifecycle.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err);
        cl.parseArgs("tally");
        TallyCommand command = cl.getSubcommands().get("tally").getCommand();
        assertThat(command.component).isEqualTo("*");
    }

    @Test
    void theReferenceUnitsArgumentsCountEveryComponent() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(); Connection c = Nats.connect(server.url())) {
            // as the reference package's /etc/tally/choria.conf may have it, for its /var/log/tally
            Path config = choriaConfig(server, "logfile = /var/log/tally/tally.log\nloglevel = info\n");
            int port = NatsServerProcess.freePort();
            // ExecStart of the reference's unit, word for word but the binary, plus --no-tls for this plain broker
            try (CliProcess tally = CliProcess.start(Map.of(), "tally", "--component", "*", "--port",
                    Integer.toString(port), "--prefix", "choria_tally", "--config=" + config, "--no-tls")) {
                Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                        tally::output);
                assertThat(tally.output().lines().filter(l -> l.contains("logfile"))).as("said once, not ignored silently")
                        .singleElement().asString().contains("WARN").endsWith(config + ": logfile = /var/log/tally/tally.log"
                                + " and loglevel = info ignored: the tally logs to stderr (the journal under systemd) at"
                                + " info level, --debug for debug messages (docs/operations.md)");
                for (String component : List.of("server", "broker", "provisioner")) {
                    LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component(component),
                            EventOption.identity(component + "1.example.net"), EventOption.version("0.31.0"));
                    c.publish(alive.target(), Lifecycle.toJson(alive));
                }
                c.flush(Duration.ofSeconds(5));
                Poll.until(Duration.ofSeconds(15), () -> List.of("server", "broker", "provisioner").stream().allMatch(
                        k -> metrics(port).contains("choria_tally_versions{active=\"1\",component=\"" + k
                                + "\",version=\"0.31.0\"} 1\n")), () -> metrics(port) + tally.output());
            }
        }
    }

    @Test
    void withoutNoTlsThePuppetProviderIsConsultedAndSaysWhatItLookedFor() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start()) {
            Path ssl = dir.resolve("ssl");
            Path config = choriaConfig(server, "plugin.choria.ssldir = " + ssl + "\n");
            try (CliProcess tally = CliProcess.start(Map.of("MCOLLECTIVE_CERTNAME", "tally.example.net"), "tally",
                    "--port", "0", "--config=" + config)) {
                assertThat(tally.waitFor(30)).as("a configuration error: " + tally.output()).isEqualTo(78);
                assertThat(tally.output().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement()
                        .asString().startsWith("error: TLS certificate " + ssl + "/certs/tally.example.net.pem does not"
                                + " exist or is not readable: " + config + " uses the puppet security provider, which"
                                + " for the user " + System.getProperty("user.name") + " looks for the certname"
                                + " tally.example.net (from MCOLLECTIVE_CERTNAME) in " + ssl + " (plugin.choria.ssldir);")
                        .contains("plugin.security.provider = file");
            }
        }
    }

    @Test
    void noTlsSkipsEvenAProviderThisToolCannotUse() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start();
             CliProcess tally = CliProcess.start(Map.of(), "tally", "--port", "0", "--bind", "127.0.0.1",
                     "--no-replay", "--config", choriaConfig(server, "plugin.security.provider = pkcs11\n").toString(),
                     "--no-tls")) {
            Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                    tally::output);
            assertThat(tally.isAlive()).as(tally::output).isTrue();
        }
    }

    @Test
    void noTlsWithTlsFilesIsAUsageError() {
        CliRun r = CliRun.run("tally", "--no-tls", "--tls-cert", "a.pem", "--tls-key", "b.pem", "--tls-ca", "c.pem")
                .assertCleanErrors();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines().get(0)).isEqualTo("error: --no-tls and --tls-cert, --tls-key, --tls-ca contradict"
                + " each other: drop one");
    }

    /**
     * fisk's booleans: {@code --tls}/{@code --no-tls}, {@code --debug}/{@code --no-debug}. The
     * reference refuses {@code --tls=false} ("unexpected argument false"); it stays accepted here,
     * documented as an extra, since an earlier version of these docs told operators to write it.
     */
    @Test
    void theBooleanFlagsAreFisksAndTlsFalseStaysAnExtra() {
        assertThat(tls("--no-tls")).isFalse();
        assertThat(tls("--tls")).isTrue();
        assertThat(tls()).isTrue();
        assertThat(tls("--tls=false")).isFalse();
        assertThat(parse("--no-debug").getCommand() instanceof TallyCommand t && !t.debug).isTrue();
        assertThat(parse("--debug").getCommand() instanceof TallyCommand t && t.debug).isTrue();
        assertThat(StderrLogging.debugLogging(new String[] {"tally", "--no-debug"})).isFalse();
    }

    /** The value of the hidden --tls after parsing {@code flags} (its default when not given). */
    private static boolean tls(String... flags) {
        CommandLine tally = parse(flags);
        return tally.getCommandSpec().findOption("--tls").getValue();
    }

    private static CommandLine parse(String... flags) {
        CommandLine cl = ChoriaLifecycle.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err);
        String[] args = new String[flags.length + 1];
        args[0] = "tally";
        System.arraycopy(flags, 0, args, 1, flags.length);
        cl.parseArgs(args);
        return cl.getSubcommands().get("tally");
    }

    @Test
    void debugAfterTallyLogsDebugMessages() throws Exception {
        assertThat(StderrLogging.debugLogging(new String[] {"tally", "--port", "0", "--debug"})).isTrue();
        assertThat(StderrLogging.debugLogging(new String[] {"--debug", "tally"})).isTrue();
        assertThat(StderrLogging.debugLogging(new String[] {"view", "--debug"})).as("view's --debug prints raw bodies")
                .isFalse();
        assertThat(StderrLogging.debugLogging(new String[] {"tally", "--port", "0"})).isFalse();
        try (NatsServerProcess server = NatsServerProcess.start();
             CliProcess tally = CliProcess.start(Map.of(), "tally", "--debug", "--server", server.url(), "--port", "0",
                     "--bind", "127.0.0.1", "--no-replay")) {
            Poll.until(Duration.ofSeconds(30), () -> tally.output().contains("tally: serving") || !tally.isAlive(),
                    tally::output);
            assertThat(tally.output()).as("debug lines of the tally or jnats").contains("[DEBUG]");
        }
    }

    @Test
    void thePasswordMayComeFromTheEnvironmentAsChoriaReadsIt() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(false,
                "authorization {\n  user: tally\n  password: \"s3cret\"\n}")) {
            Path config = choriaConfig(server, "plugin.nats.user = tally\n");
            String[] publish = {"publish", "--type", "alive", "--component", "server", "--identity", "n1",
                    "--version", "1", "--config", config.toString(), "--no-tls"};
            try (CliProcess refused = CliProcess.start(Map.of(), publish)) {
                assertThat(refused.waitFor(30)).as(refused::output).isEqualTo(1);
                assertThat(refused.output()).contains("Authorization Violation");
            }
            try (CliProcess published = CliProcess.start(Map.of("MCOLLECTIVE_NATS_PASSWORD", "s3cret"), publish)) {
                assertThat(published.waitFor(30)).as(published::output).isZero();
            }
        }
    }

    private static String metrics(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
