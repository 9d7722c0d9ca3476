package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChoriaConfigTest {
    @TempDir
    Path dir;

    private ChoriaConfig write(String text) throws IOException {
        Path f = dir.resolve("client.conf");
        Files.writeString(f, text);
        return ChoriaConfig.load(f);
    }

    @Test
    void parsesTrimmedKeyValueLinesIgnoringCommentsAndBlanks() throws IOException {
        ChoriaConfig c = write("""
                # a comment
                identity =  me.example.net\s

                  plugin.choria.middleware_hosts = b1.example.net:4222, tls://b2.example.net:4223 ,nats://b3:4222
                not a setting line
                plugin.security.provider=file
                url = nats://x?a=b
                """);
        assertThat(c.identity()).isEqualTo("me.example.net");
        assertThat(c.middlewareHosts()).containsExactly("nats://b1.example.net:4222", "tls://b2.example.net:4223",
                "nats://b3:4222");
        assertThat(c.securityProvider()).isEqualTo("file");
        assertThat(c.get("url")).contains("nats://x?a=b");
        assertThat(c.values()).hasSize(4);
        assertThat(c.legacyLifecycleFormat()).isFalse();
    }

    @Test
    void readsBooleansAndRejectsNonsense() throws IOException {
        assertThat(write("plugin.choria.legacy_lifecycle_format = true").legacyLifecycleFormat()).isTrue();
        assertThat(write("plugin.choria.use_srv = no").useSrv()).isFalse();
        assertThat(write("").useSrv()).isTrue();
        assertThatThrownBy(() -> write("plugin.choria.use_srv = maybe").useSrv())
                .isInstanceOf(LifecycleException.class)
                .hasMessageContaining("plugin.choria.use_srv must be true or false, not 'maybe'");
    }

    @Test
    void searchTakesTheFirstExistingFileInOrder() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<Path> search = ChoriaConfig.searchPath(home);
        assertThat(search).extracting(Path::toString).containsExactly(home + "/.choriarc", home + "/.mcollective",
                "/etc/choria/client.conf", "/usr/local/etc/choria/client.conf", "/etc/puppetlabs/mcollective/client.cfg");

        Files.writeString(home.resolve(".mcollective"), "identity = second");
        assertThat(ChoriaConfig.find(search.subList(0, 2))).get().extracting(ChoriaConfig::identity).isEqualTo("second");
        Files.writeString(home.resolve(".choriarc"), "identity = first");
        assertThat(ChoriaConfig.find(search.subList(0, 2))).get().extracting(ChoriaConfig::identity).isEqualTo("first");
        assertThat(ChoriaConfig.find(List.of(dir.resolve("none")))).isEmpty();
    }

    @Test
    void tildeIsTheHomeVariableLikeTheChoriaCliAndUserHomeOnlyWithoutIt() {
        assertThat(ChoriaConfig.home("/srv/operator")).isEqualTo(Path.of("/srv/operator"));
        assertThat(ChoriaConfig.home(null)).isEqualTo(Path.of(System.getProperty("user.home")));
        assertThat(ChoriaConfig.home("")).isEqualTo(Path.of(System.getProperty("user.home")));
    }

    @Test
    void aFileThatExistsButCannotBeReadIsAnErrorNotSkipped() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home2"));
        Files.createDirectories(home.resolve(".choriarc")); // exists, but reading it fails
        Files.writeString(home.resolve(".mcollective"), "identity = second");
        assertThatThrownBy(() -> ChoriaConfig.find(ChoriaConfig.searchPath(home).subList(0, 2)))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("cannot read Choria configuration " + home.resolve(".choriarc") + ": is a directory");
    }

    @Test
    void misspeltKeysAreWarnedAboutNamingTheLikelyKey() throws IOException {
        ChoriaConfig c = write("""
                plugin.choria.middleware_host = broker:4222
                plugin.security.file.certificat = /x/cert.pem
                plugin.choria.federation.collectives = a,b
                plugin.choria.srv_domain = example.net
                loglevel = debug
                """);
        assertThat(c.warnings()).containsExactly(
                dir.resolve("client.conf") + ":1: unknown key plugin.choria.middleware_host, ignored;"
                        + " did you mean plugin.choria.middleware_hosts?",
                dir.resolve("client.conf") + ":2: unknown key plugin.security.file.certificat, ignored;"
                        + " did you mean plugin.security.file.certificate?");
        assertThat(c.middlewareHosts()).isEmpty();
    }

    @Test
    void linesThatAreNotKeyEqualsValueAreWarnedAbout() throws IOException {
        ChoriaConfig c = write("""
                # a YAML habit
                plugin.choria.middleware_hosts: broker:4222

                just words
                identity = me
                """);
        assertThat(c.warnings()).containsExactly(
                dir.resolve("client.conf") + ":2: ignored, not 'key = value': plugin.choria.middleware_hosts: broker:4222"
                        + " (Choria's format is 'key = value', not 'key: value')",
                dir.resolve("client.conf") + ":4: ignored, not 'key = value': just words");
        assertThat(c.values()).containsOnlyKeys("identity");
    }

    @Test
    void theIdentityFallbackIsOnlyWorkedOutWhenNeeded() throws IOException {
        ChoriaConfig c = write("identity = set.example.net");
        assertThat(c.get("identity", () -> {
            throw new AssertionError("the fallback was computed although the key is set");
        })).isEqualTo("set.example.net");
    }

    @Test
    void missingFileIsAOneLineError() {
        assertThatThrownBy(() -> ChoriaConfig.load(dir.resolve("absent.conf")))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("cannot read Choria configuration " + dir.resolve("absent.conf") + ": no such file");
    }

    @Test
    void natsUserPasswordAndCredentialsComeFromTheFile() throws IOException {
        ChoriaConfig c = write("""
                plugin.nats.user = tally
                plugin.nats.pass = s3cret
                plugin.nats.credentials = /etc/choria/tally.creds
                """).withEnvironment(Map.of());
        assertThat(c.natsUser()).contains("tally");
        assertThat(c.natsPassword()).contains("s3cret");
        assertThat(c.natsCredentials()).contains(Path.of("/etc/choria/tally.creds"));
        assertThat(c.warnings()).isEmpty();
        assertThat(write("").withEnvironment(Map.of()).natsUser()).isEmpty();
    }

    @Test
    void theMcollectiveNatsVariablesOverrideTheFileAndSupplyAbsentKeys() throws IOException {
        Map<String, String> env = Map.of("MCOLLECTIVE_NATS_USERNAME", "env-user",
                "MCOLLECTIVE_NATS_PASSWORD", "env-pass", "MCOLLECTIVE_NATS_CREDENTIALS", "/run/env.creds");
        ChoriaConfig c = write("plugin.nats.user = file-user").withEnvironment(env);
        assertThat(c.natsUser()).contains("env-user");
        assertThat(c.natsPassword()).as("absent from the file").contains("env-pass");
        assertThat(c.natsCredentials()).contains(Path.of("/run/env.creds"));
        assertThat(write("plugin.nats.user = u").withEnvironment(Map.of("MCOLLECTIVE_NATS_USERNAME", "")).natsUser())
                .as("a variable set to nothing unsets the key").isEmpty();
    }

    @Test
    void theSettingsUseUserAndPasswordOnlyTogetherAsGoChoriaDoes() throws IOException {
        ConnectionSettings both = ConnectionSettings.builder().natsCredentials(write("""
                plugin.nats.user = tally
                plugin.nats.pass = s3cret
                """).withEnvironment(Map.of())).build();
        assertThat(both.user()).isEqualTo("tally");
        assertThat(both.password()).isEqualTo("s3cret");
        ConnectionSettings userOnly = ConnectionSettings.builder()
                .natsCredentials(write("plugin.nats.user = tally").withEnvironment(Map.of())).build();
        assertThat(userOnly.user()).isNull();
        assertThat(userOnly.credentials()).isNull();
    }

    @Test
    void aMisspeltNatsKeyIsWarnedAbout() throws IOException {
        assertThat(write("plugin.nats.usr = tally").warnings()).singleElement().asString()
                .endsWith("unknown key plugin.nats.usr, ignored; did you mean plugin.nats.user?");
    }

    @Test
    void serversComeFromMiddlewareHostsElseFallBackToPuppet() throws IOException {
        assertThat(MiddlewareServers.resolve(write("plugin.choria.middleware_hosts = a:1,b:2")))
                .containsExactly("nats://a:1", "nats://b:2");
        assertThat(MiddlewareServers.resolve(write("plugin.choria.use_srv = false")))
                .containsExactly("nats://puppet:4222");
        // an SRV domain that cannot exist: the look-ups find nothing and the fallback is used
        assertThat(MiddlewareServers.resolve(write("plugin.choria.srv_domain = example.invalid")))
                .containsExactly("nats://puppet:4222");
    }

    @Test
    void srvRecordsBecomeUrlsByPriority() {
        List<String[]> records = List.of(new String[] {"20", "0", "4223", "b2.example.net."},
                new String[] {"10", "5", "4222", "b1.example.net."}, new String[] {"bad"});
        assertThat(MiddlewareServers.toUrls(records))
                .containsExactly("nats://b1.example.net:4222", "nats://b2.example.net:4223");
    }

    /** go-choria's config/util.go: plugin.d/choria.cfg beside the file, its keys plugin.choria.*, winning over the file's. */
    @Test
    void pluginDChoriaCfgSetsPluginChoriaKeysAndWinsOverTheFile() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path conf = Files.writeString(etc.resolve("client.conf"), "plugin.choria.srv_domain = file.example\n"
                + "plugin.choria.use_srv = true\n");
        Path plugins = Files.createDirectories(etc.resolve("plugin.d"));
        Files.writeString(plugins.resolve("choria.cfg"), "middleware_hosts = b1:4222, b2:4222\nuse_srv = false\n"
                + "middleware_host = typo:4222\n");
        Files.writeString(plugins.resolve("security.cfg"), "provider = file\n");
        Files.writeString(plugins.resolve("choria.conf"), "srv_domain = other.example\n");
        ChoriaConfig c = ChoriaConfig.load(conf, Map.of("HOME", "/nonexistent")::get);

        assertThat(c.middlewareHosts()).containsExactly("nats://b1:4222", "nats://b2:4222");
        assertThat(c.useSrv()).as("choria.cfg wins").isFalse();
        assertThat(c.srvDomain()).as("plugin.d/choria.conf is an agent's, not the settings'").isEqualTo("file.example");
        assertThat(c.securityProvider()).as("only choria.cfg sets go-choria's typed settings").isEqualTo("puppet");
        assertThat(c.warnings()).containsExactly(plugins.resolve("choria.cfg") + ":3: unknown key"
                + " plugin.choria.middleware_host, ignored; did you mean plugin.choria.middleware_hosts?");
    }

    @Test
    void aConfigurationUnderTheHomeDirectoryHasNoPluginD() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path rc = Files.writeString(home.resolve(".choriarc"), "identity = me\n");
        Files.createDirectories(home.resolve("plugin.d"));
        Files.writeString(home.resolve("plugin.d/choria.cfg"), "middleware_hosts = b1:4222\n");
        assertThat(ChoriaConfig.load(rc, Map.of("HOME", home.toString())::get).middlewareHosts()).isEmpty();
        assertThat(ChoriaConfig.load(rc, Map.of("HOME", home + "x")::get).middlewareHosts())
                .as("a home that is a prefix of the path, not a parent").containsExactly("nats://b1:4222");
    }

    @Test
    void anUnreadablePluginFileIsAnErrorNamingIt() throws IOException {
        Path conf = Files.writeString(dir.resolve("c.conf"), "");
        Files.createDirectories(dir.resolve("plugin.d/choria.cfg"));
        assertThatThrownBy(() -> ChoriaConfig.load(conf, Map.of("HOME", "/nonexistent")::get))
                .hasMessage("cannot read Choria configuration " + dir.resolve("plugin.d/choria.cfg") + ": is a directory");
    }

    @Test
    void theCredentialsPathIsExpandedAsNatsGoOpensIt() throws IOException {
        Map<String, String> env = Map.of("HOME", "/home/tally", "CREDS", "/run/creds");
        assertThat(write("plugin.nats.credentials = ~/tally.creds").withEnvironment(env).natsCredentials())
                .contains(Path.of("/home/tally/tally.creds"));
        assertThat(write("plugin.nats.credentials = $CREDS/tally.creds").withEnvironment(env).natsCredentials())
                .contains(Path.of("/run/creds/tally.creds"));
        assertThat(write("").withEnvironment(Map.of("HOME", "/h", "MCOLLECTIVE_NATS_CREDENTIALS", "${HOME}/x.creds"))
                .natsCredentials()).contains(Path.of("/h/x.creds"));
        assertThat(write("plugin.nats.credentials = $UNSET/x.creds").withEnvironment(env).natsCredentials())
                .as("unset variables are empty, as os.ExpandEnv").contains(Path.of("/x.creds"));
    }

    @Test
    void logFileAndLevelAreReadToSayTheyAreNotUsed() throws IOException {
        ChoriaConfig c = write("logfile = /var/log/tally/tally.log\nloglevel = warn\n");
        assertThat(c.logFile()).contains("/var/log/tally/tally.log");
        assertThat(c.logLevel()).contains("warn");
        assertThat(write("").logFile()).isEmpty();
    }
}
