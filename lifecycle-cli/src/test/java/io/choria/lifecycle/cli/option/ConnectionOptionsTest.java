package io.choria.lifecycle.cli.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.nats.ConnectionSettings;
import io.choria.lifecycle.nats.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ConnectionOptionsTest {
    @TempDir
    Path dir;

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConnectionOptions connection;
    }

    private ConnectionOptions parse(List<Path> search, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.connection.searchIn(search);
    }

    private Path config(String text) throws Exception {
        Path f = dir.resolve("client.conf");
        Files.writeString(f, text);
        return f;
    }

    /** The file provider's lines for three (empty) PEM files that exist: the provider checks they are there. */
    private String fileProvider() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String[] file : new String[][] {{"certificate", "c.pem"}, {"key", "k.pem"}, {"ca", "ca.pem"}}) {
            lines.append("plugin.security.file.").append(file[0]).append(" = ")
                    .append(Files.writeString(dir.resolve(file[1]), "")).append('\n');
        }
        return lines.toString();
    }

    @Test
    void withoutAnyConfigurationTheLocalBrokerIsUsed() {
        ConnectionSettings s = parse(List.of(dir.resolve(".choriarc"))).settings(FIVE_SECONDS);
        assertThat(s.servers()).containsExactly("nats://127.0.0.1:4222");
        assertThat(s.tls()).isNull();
    }

    @Test
    void aFoundConfigurationGivesBrokersAndTls() throws Exception {
        Path conf = config("plugin.choria.middleware_hosts = b1:4222,b2:4222\nplugin.security.provider = file\n"
                + fileProvider());
        ConnectionSettings s = parse(List.of(dir.resolve("none"), conf)).settings(Duration.ofSeconds(3));
        assertThat(s.servers()).containsExactly("nats://b1:4222", "nats://b2:4222");
        assertThat(s.tls()).isEqualTo(new TlsFiles(dir.resolve("c.pem"), dir.resolve("k.pem"), dir.resolve("ca.pem")));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void serverOverridesTheConfigurationsBrokersAndSkipsTheSearch() throws Exception {
        Path conf = config("plugin.choria.middleware_hosts = b1:4222\nplugin.security.provider = file\n"
                + fileProvider());
        ConnectionSettings searched = parse(List.of(conf), "--server", "x:1,y:2").settings(FIVE_SECONDS);
        assertThat(searched.servers()).containsExactly("nats://x:1", "nats://y:2");
        assertThat(searched.tls()).isNull();

        ConnectionSettings both = parse(List.of(), "--config", conf.toString(), "--server", "x:1").settings(FIVE_SECONDS);
        assertThat(both.servers()).containsExactly("nats://x:1");
        assertThat(both.tls().certificate()).isEqualTo(dir.resolve("c.pem"));
    }

    @Test
    void tlsAndCredsFlagsWin() throws Exception {
        Path conf = config("plugin.choria.middleware_hosts = b1:4222\nplugin.security.provider = puppet\n");
        ConnectionSettings s = parse(List.of(), "--config", conf.toString(), "--tls-cert", "a.pem", "--tls-key",
                "b.pem", "--tls-ca", "c.pem", "--creds", "u.creds").settings(FIVE_SECONDS);
        assertThat(s.servers()).containsExactly("nats://b1:4222");
        assertThat(s.tls()).isEqualTo(new TlsFiles(Path.of("a.pem"), Path.of("b.pem"), Path.of("c.pem")));
        assertThat(s.credentials()).isEqualTo(Path.of("u.creds"));
    }

    @Test
    void theConfigurationsNatsCredentialsStayWithServerAndTlsFlags() throws Exception {
        Path conf = config("plugin.security.provider = pkcs11\nplugin.nats.user = tally\nplugin.nats.pass = pw\n"
                + "plugin.nats.credentials = /etc/t.creds\n");
        // a provider this tool cannot use is not consulted when the flags name the TLS files
        ConnectionSettings s = parse(List.of(), "--config", conf.toString(), "--server", "x:1", "--tls-cert", "a.pem",
                "--tls-key", "b.pem", "--tls-ca", "c.pem").settings(FIVE_SECONDS);
        assertThat(s.user()).isEqualTo("tally");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.credentials()).isEqualTo(Path.of("/etc/t.creds"));
        assertThat(s.tls().certificate()).isEqualTo(Path.of("a.pem"));
        ConnectionSettings plain = parse(List.of(), "--config", conf.toString(), "--server", "x:1", "--no-tls")
                .settings(FIVE_SECONDS);
        assertThat(plain.tls()).isNull();
        assertThat(plain.user()).isEqualTo("tally");
    }

    @Test
    void aTimeoutIsSharedOutBetweenTheServers() {
        ConnectionSettings s = parse(List.of(), "--server", "a:1,b:2,c:3").settingsWithin(Duration.ofSeconds(9));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void tlsFlagsGivenPartlyOrABadServerUrlAreUsageErrors() {
        assertThatThrownBy(() -> parse(List.of(), "--tls-cert", "a.pem").settings(FIVE_SECONDS))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--tls-cert, --tls-key and --tls-ca must be given together");
        assertThatThrownBy(() -> parse(List.of(), "--tls-key", "k.pem", "--tls-ca", "c.pem").settings(FIVE_SECONDS))
                .isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse(List.of(), "--server", "nats://bad host:1").settings(FIVE_SECONDS))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--server: 'nats://bad host:1' is not a valid server URL");
    }
}
