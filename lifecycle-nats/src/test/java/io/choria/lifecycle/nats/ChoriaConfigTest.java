package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void fileProviderNamesItsThreeFiles() throws IOException {
        ChoriaConfig c = write("""
                plugin.security.provider = file
                plugin.security.file.certificate = /x/cert.pem
                plugin.security.file.key = /x/key.pem
                plugin.security.file.ca = /x/ca.pem
                """);
        assertThat(TlsFiles.fromChoriaConfig(c))
                .isEqualTo(new TlsFiles(Path.of("/x/cert.pem"), Path.of("/x/key.pem"), Path.of("/x/ca.pem")));
        ChoriaConfig incomplete = write("plugin.security.provider = file\nplugin.security.file.certificate = /c");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(incomplete))
                .hasMessageEndingWith("plugin.security.file.key must be set for the file security provider");
    }

    @Test
    void puppetProviderUsesSslDirAndCertname() throws IOException {
        Path home = Path.of("/home/alice");
        ChoriaConfig plain = write("");
        assertThat(TlsFiles.fromChoriaConfig(plain, "alice", false, home, null)).isEqualTo(new TlsFiles(
                Path.of("/home/alice/.puppetlabs/etc/puppet/ssl/certs/alice.mcollective.pem"),
                Path.of("/home/alice/.puppetlabs/etc/puppet/ssl/private_keys/alice.mcollective.pem"),
                Path.of("/home/alice/.puppetlabs/etc/puppet/ssl/certs/ca.pem")));
        assertThat(TlsFiles.fromChoriaConfig(plain, "root", true, Path.of("/root"), "admin.example").certificate())
                .isEqualTo(Path.of("/etc/puppetlabs/puppet/ssl/certs/admin.example.pem"));
        ChoriaConfig ssldir = write("plugin.security.provider = puppet\nplugin.choria.ssldir = /srv/ssl");
        assertThat(TlsFiles.fromChoriaConfig(ssldir, "bob", false, home, "").key())
                .isEqualTo(Path.of("/srv/ssl/private_keys/bob.mcollective.pem"));
    }

    @Test
    void puppetProviderAsRootUsesTheIdentityAsCertnameAsChoriaDoes() throws IOException {
        // go-choria's puppet security: only a non-root user is <user>.mcollective; root is the node itself
        ChoriaConfig conf = write("identity = node1.example.net");
        assertThat(TlsFiles.fromChoriaConfig(conf, "root", true, Path.of("/root"), null)).isEqualTo(new TlsFiles(
                Path.of("/etc/puppetlabs/puppet/ssl/certs/node1.example.net.pem"),
                Path.of("/etc/puppetlabs/puppet/ssl/private_keys/node1.example.net.pem"),
                Path.of("/etc/puppetlabs/puppet/ssl/certs/ca.pem")));
    }

    @Test
    void otherProvidersAreRefusedClearly() throws IOException {
        ChoriaConfig c = write("plugin.security.provider = pkcs11");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(c))
                .isInstanceOf(LifecycleException.class)
                .hasMessage(c.source() + ": security provider 'pkcs11' is not supported, use 'file' or 'puppet'"
                        + " (plugin.security.provider)");
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
}
