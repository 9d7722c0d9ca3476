package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.DebianPackage;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb this build made, installed into this machine with dpkg as an operator would, checked,
 * and removed again (the machine's own choria-lifecycle, if it had one, is put back).
 */
class DebianPackageIT {
    /** One client for every request: a new client per request keeps its connection open until it is collected,
     * and a poll that scrapes many times would reach the port's limit of connections per client address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LAUNCHER = Path.of("/usr/bin/choria-lifecycle");
    private static final Path UNIT = Path.of("/lib/systemd/system/choria-lifecycle-tally.service");
    private static final Path SETTINGS = Path.of("/etc/default/choria-lifecycle-tally");
    private static final Path SERVICE_CONFIG = Path.of("/etc/choria-lifecycle/choria.conf");
    private static final Path WEB_CONFIG = Path.of("/etc/choria-lifecycle/web-config.yml");
    private static final Path ARCHIVE = Path.of("/var/cache/choria-lifecycle/choria-lifecycle.jsa");
    private static MachineState before;

    @BeforeAll
    static void install() throws IOException {
        assertThat(System.getProperty("user.name"))
                .as("the package test installs the .deb with dpkg: run the build as root").isEqualTo("root");
        before = MachineState.lockAndCapture();
        // over an operator's install, their edited settings file stays as it is
        ProcessRun dpkg = ProcessRun.of("dpkg", "--force-confold", "-i", deb().toString());
        assertThat(dpkg.ok()).as(dpkg.describe()).isTrue();
    }

    @AfterAll
    static void removeAgain() {
        if (before == null) {
            return;
        }
        before.restore();
        if (!before.hadThePackage()) {
            assertThat(MachineState.installed()).isFalse();
            assertThat(LAUNCHER).doesNotExist();
            assertThat(UNIT).doesNotExist();
            assertThat(SETTINGS).doesNotExist();
            assertThat(SERVICE_CONFIG).doesNotExist();
            assertThat(ARCHIVE.getParent()).doesNotExist();
        }
    }

    static Path deb() {
        return BuiltPackages.deb();
    }

    @Test
    void theLauncherReportsTheProjectVersion() {
        ProcessRun run = ProcessRun.of(LAUNCHER.toString(), "--version");

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout()).isEqualTo("choria-lifecycle " + System.getProperty("project.version") + "\n");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void theInstalledCommandDecodesAnEvent() {
        LifecycleEvent event = Lifecycle.newEvent(EventType.STARTUP, EventOption.component("server"),
                EventOption.identity("n1.example.net"), EventOption.version("1.2.3"));
        ProcessRun run = ProcessRun.withInput(Lifecycle.toJson(event), Map.of(), LAUNCHER.toString(), "decode");

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout()).isEqualTo("[startup] n1.example.net: server version 1.2.3\n");
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() {
        ProcessRun run = ProcessRun.of(DebianPackage.program("systemd", "systemd-analyze"), "verify", UNIT.toString());

        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout() + run.stderr()).as("no warnings either").isEmpty();
    }

    @Test
    void theSettingsAreConffilesAndTallyEveryComponentWithTheServicesOwnConfiguration() throws IOException {
        ProcessRun conffiles = ProcessRun.of("dpkg-query", "-W", "-f=${Conffiles}", MachineState.PACKAGE);

        assertThat(conffiles.stdout()).contains(SETTINGS.toString(), SERVICE_CONFIG.toString(), WEB_CONFIG.toString());
        Map<String, String> shipped = UnitCommand.environmentFile(OperatorFiles.SETTINGS);
        assertThat(shipped).as("as shipped").containsEntry("COMPONENT", "*")
                .containsEntry("TALLY_OPTS", "--config " + SERVICE_CONFIG);
        assertThat(UnitCommand.setting(UNIT, "ExecStart")).contains("--component ${COMPONENT}");
    }

    @Test
    void theServicesConfigurationsAreReadableByItsGroupAlone() {
        for (Path f : new Path[] {SERVICE_CONFIG, WEB_CONFIG}) {
            ProcessRun stat = ProcessRun.of("stat", "-c", "%U:%G %a", f.toString());

            assertThat(stat.stdout().trim()).as(f.toString()).isEqualTo("root:" + MachineState.USER + " 640");
        }
    }

    /**
     * What the service meets as shipped, before the operator gave it a certificate: one line that
     * names the file, the configuration and the setting, not a stack trace under /nonexistent.
     */
    @Test
    void asShippedTheServiceSaysWhichCertificateItNeeds() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            ProcessRun run = runUnit(Map.of("TALLY_OPTS", "--config " + SERVICE_CONFIG + " --server " + nats.url()));

            assertThat(run.exitCode()).as("a configuration error: " + run.describe()).isEqualTo(78);
            assertThat(run.stderr().lines().filter(l -> l.startsWith("error: ")))
                    .containsExactly("error: TLS certificate /etc/choria-lifecycle/tally.pem does not exist or is not"
                            + " readable: " + SERVICE_CONFIG + " names it for the file security provider"
                            + " (plugin.security.file.certificate, .key, .ca); correct the path or the file's permissions");
        }
    }

    /** The failure of issue 16: a site's client.conf with the default puppet provider, read as the service user. */
    @Test
    void thePuppetProviderAsTheServiceUserSaysWhereItLookedAndWhy() throws Exception {
        Path conf = Files.createTempFile("client", ".conf");
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            Files.writeString(conf, "plugin.choria.middleware_hosts = " + nats.url() + "\n");
            Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            ProcessRun run = runUnit(Map.of("TALLY_OPTS", "--config " + conf));

            assertThat(run.exitCode()).as("a configuration error: " + run.describe()).isEqualTo(78);
            assertThat(run.stderr().lines().filter(l -> l.startsWith("error: "))).singleElement().asString()
                    .startsWith("error: TLS certificate /nonexistent/.puppetlabs/etc/puppet/ssl/certs/"
                            + "choria-lifecycle.mcollective.pem does not exist or is not readable: " + conf + " uses the"
                            + " puppet security provider, which for the user choria-lifecycle looks for the certname"
                            + " choria-lifecycle.mcollective (the user and .mcollective, root included) in"
                            + " /nonexistent/.puppetlabs/etc/puppet/ssl (the user's own, in home /nonexistent);")
                    .contains("plugin.security.provider = file");
        } finally {
            Files.delete(conf);
        }
    }

    /**
     * What only an operator can fix is not restarted every 5 s: the exit codes the unit's command
     * gives for a configuration error (a TLS file the configuration names is missing) and for a
     * usage error (a bad flag in TALLY_OPTS) are the ones its RestartPreventExitStatus= lists;
     * anything else restarts, at most StartLimitBurst= times in StartLimitIntervalSec=.
     * (systemd itself does not run here: theUnitPassesSystemdAnalyzeVerify checks that it reads these.)
     */
    @Test
    void theUnitDoesNotRestartOnAConfigurationOrUsageError() throws Exception {
        List<String> noRestart = List.of(UnitCommand.setting(UNIT, "RestartPreventExitStatus").split("\\s+"));
        ProcessRun configuration = runUnit(Map.of("TALLY_OPTS", "--config " + SERVICE_CONFIG));
        ProcessRun usage = runUnit(Map.of("TALLY_OPTS", "--config " + SERVICE_CONFIG + " --no-such-flag"));

        assertThat(configuration.exitCode()).as(configuration.describe()).isEqualTo(78);
        assertThat(usage.exitCode()).as(usage.describe()).isEqualTo(2);
        assertThat(noRestart).containsExactlyInAnyOrder("2", "78");
        assertThat(UnitCommand.setting(UNIT, "Restart")).isEqualTo("on-failure");
        assertThat(UnitCommand.setting(UNIT, "StartLimitBurst")).isEqualTo("5");
        assertThat(UnitCommand.setting(UNIT, "StartLimitIntervalSec")).isEqualTo("10min");
    }

    @Test
    void installingEnablesAndStartsNothing() {
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/choria-lifecycle-tally.service")).doesNotExist();
        assertThat(ProcessRun.of("pgrep", "-u", MachineState.USER).ok()).as("a process of the service user").isFalse();
    }

    @Test
    void theServiceUserIsASystemUserWithoutALogin() {
        String[] passwd = ProcessRun.of("getent", "passwd", MachineState.USER).stdout().trim().split(":");

        assertThat(Integer.parseInt(passwd[2])).isLessThan(1000);
        assertThat(passwd[6]).matches(".*/(nologin|false)");
    }

    @Test
    void theClassDataSharingArchiveFitsTheInstalledJava() {
        ProcessRun run = ProcessRun.of("java", "-Xshare:on", "-XX:SharedArchiveFile=" + ARCHIVE,
                "-jar", "/usr/share/choria-lifecycle/choria-lifecycle.jar", "--version");

        assertThat(run.ok()).as("-Xshare:on fails unless the archive maps: " + run.describe()).isTrue();
    }

    /** What systemd would run, run by hand as the unit's user with the settings file's environment. */
    @Test
    void theUnitsCommandServesTheFleetAsTheServiceUser() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start(); Connection c = Nats.connect(nats.url())) {
            int port = NatsServerProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>(UnitCommand.environmentFile(
                    Path.of(UnitCommand.setting(UNIT, "EnvironmentFile"))));
            env.put("PORT", Integer.toString(port));
            // the shipped configuration and flags, with this test's plain broker as the reference tally takes it
            env.put("TALLY_OPTS", env.get("TALLY_OPTS") + " --server " + nats.url() + " --bind 127.0.0.1 --no-replay"
                    + " --no-tls");
            List<String> command = new ArrayList<>(List.of("runuser", "-u", UnitCommand.setting(UNIT, "User"), "--",
                    "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
            env.forEach((k, v) -> command.add(k + "=" + v));
            command.addAll(UnitCommand.expand(UnitCommand.setting(UNIT, "ExecStart"), env));
            Path log = Files.createTempFile("tally-unit", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Poll.until(Duration.ofSeconds(30), () -> metrics(port).contains("# TYPE choria_tally_versions gauge"),
                        () -> "the tally serving:\n" + read(log));
                LifecycleEvent alive = Lifecycle.newEvent(EventType.ALIVE, EventOption.component("server"),
                        EventOption.identity("n1"), EventOption.version("2.0"));
                c.publish(alive.target(), Lifecycle.toJson(alive));
                c.flush(Duration.ofSeconds(5));
                Poll.until(Duration.ofSeconds(15), () -> metrics(port).contains(
                        "choria_tally_versions{active=\"1\",component=\"server\",version=\"2.0\"} 1\n"), () -> metrics(port));
                assertThat(p.descendants().map(h -> h.info().user().orElse("?")))
                        .as("the JVM's user").contains(MachineState.USER);
            } finally {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                Files.delete(log);
            }
        }
    }

    /**
     * The unit's command run to its end as the service user, with the settings file's environment
     * and {@code overrides}: for starts that must fail (a start that succeeds runs until stopped).
     */
    private static ProcessRun runUnit(Map<String, String> overrides) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(UnitCommand.environmentFile(
                Path.of(UnitCommand.setting(UNIT, "EnvironmentFile"))));
        env.put("PORT", "0");
        env.putAll(overrides);
        // the environment systemd gives a User= service (systemd.exec, "Environment Variables in Spawned Processes")
        String user = UnitCommand.setting(UNIT, "User");
        List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--", "env", "-i",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/nonexistent", "USER=" + user,
                "LOGNAME=" + user));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(UnitCommand.expand(UnitCommand.setting(UNIT, "ExecStart"), env));
        return ProcessRun.of(command.toArray(String[]::new));
    }

    /**
     * The installed jar serves a port secured by a web configuration (TLS and a bcrypt user): the
     * YAML reader, bcrypt and PEM code are in the package, not only on the build's class path.
     */
    @Test
    void theInstalledCommandServesASecuredPort(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        TestPki site = TestPki.create(dir, "site");
        Path[] cert = site.issueServer("tally");
        Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: " + cert[0]
                + "\n  key_file: " + cert[1] + "\nbasic_auth_users:\n  prometheus: "
                + ProcessRun.of(DebianPackage.program("apache2-utils", "htpasswd"), "-nbBC", "5", "", "s3cret").stdout()
                .trim().substring(1) + "\n");
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            int port = NatsServerProcess.freePort();
            Path log = Files.createTempFile("tally-secured", ".log");
            Process p = new ProcessBuilder(LAUNCHER.toString(), "tally", "--server", nats.url(), "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--no-replay", "--web.config.file", web.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String url = "https://127.0.0.1:" + port + "/metrics";
                String curl = DebianPackage.program("curl", "curl");
                // the port opens before the tally counts (503 until then): wait for the metrics themselves
                Poll.until(Duration.ofSeconds(30), () -> ProcessRun.of(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}",
                        "--cacert", site.caFile().toString(), "-u", "prometheus:s3cret", url).stdout().equals("200")
                        || !p.isAlive(), () -> "the secured port serving: " + read(log));
                ProcessRun withUser = ProcessRun.of(curl, "-sS", "--cacert", site.caFile().toString(), "-u",
                        "prometheus:s3cret", url);
                assertThat(withUser.stdout()).as(withUser.describe() + read(log)).contains("# TYPE choria_tally_versions gauge");
                assertThat(ProcessRun.of(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
                        site.caFile().toString(), url).stdout()).as("without the user").isEqualTo("401");
            } finally {
                p.destroy();
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                Files.delete(log);
            }
        }
    }

    private static String metrics(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
