package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each Choria security provider finds the TLS files, and the line that says why when one is missing. */
class SecurityProviderTest {
    private static final String FILE_PROVIDER = """
            plugin.security.provider = file
            plugin.security.file.certificate = /x/cert.pem
            plugin.security.file.key = /x/key.pem
            plugin.security.file.ca = /x/ca.pem
            """;

    @TempDir
    Path dir;

    private ChoriaConfig write(String text) throws IOException {
        Path f = dir.resolve("client.conf");
        Files.writeString(f, text);
        return ChoriaConfig.load(f);
    }

    private static TlsFiles located(ChoriaConfig c, String user, boolean root, Path home, String certname) {
        return SecurityProvider.locate(c, user, root, home, certname).files();
    }

    @Test
    void fileProviderNamesItsThreeFiles() throws IOException {
        ChoriaConfig c = write(FILE_PROVIDER);
        assertThat(located(c, "alice", false, dir, null))
                .isEqualTo(new TlsFiles(Path.of("/x/cert.pem"), Path.of("/x/key.pem"), Path.of("/x/ca.pem")));
        ChoriaConfig incomplete = write("plugin.security.provider = file\nplugin.security.file.certificate = /c");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(incomplete))
                .hasMessageEndingWith("plugin.security.file.key must be set for the file security provider");
    }

    @Test
    void aMissingFileOfTheFileProviderNamesTheConfiguration() throws IOException {
        ChoriaConfig c = write(FILE_PROVIDER);
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(c))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("TLS certificate /x/cert.pem does not exist or is not readable: " + c.source()
                        + " names it for the file security provider (plugin.security.file.certificate, .key, .ca);"
                        + " correct the path or the file's permissions");
    }

    /** No puppet command on the PATH, and none in /opt/puppetlabs/bin on the build machine. */
    private ChoriaConfig withoutPuppet(ChoriaConfig c) {
        return c.withEnvironment(Map.of("PATH", dir.resolve("no-bin").toString()));
    }

    @Test
    void puppetProviderUsesSslDirAndCertname() throws IOException {
        Path home = Path.of("/home/alice");
        ChoriaConfig plain = withoutPuppet(write(""));
        assertThat(located(plain, "alice", false, home, null)).isEqualTo(new TlsFiles(
                Path.of("/home/alice/.puppetlabs/etc/puppet/ssl/certs/alice.mcollective.pem"),
                Path.of("/home/alice/.puppetlabs/etc/puppet/ssl/private_keys/alice.mcollective.pem"),
                Path.of("/home/alice/.puppetlabs/etc/puppet/ssl/certs/ca.pem")));
        assertThat(located(plain, "root", true, Path.of("/root"), "admin.example").certificate())
                .isEqualTo(Path.of("/etc/puppetlabs/puppet/ssl/certs/admin.example.pem"));
        ChoriaConfig ssldir = write("plugin.security.provider = puppet\nplugin.choria.ssldir = /srv/ssl");
        assertThat(located(ssldir, "bob", false, home, "").key())
                .isEqualTo(Path.of("/srv/ssl/private_keys/bob.mcollective.pem"));
    }

    @Test
    void puppetProviderAsRootIsRootMcollectiveNotTheIdentity() throws IOException {
        // go-choria's puppet security for a client: <user>.mcollective, root included; only a server uses its identity
        ChoriaConfig conf = withoutPuppet(write("identity = node1.example.net"));
        assertThat(located(conf, "root", true, Path.of("/root"), null)).isEqualTo(new TlsFiles(
                Path.of("/etc/puppetlabs/puppet/ssl/certs/root.mcollective.pem"),
                Path.of("/etc/puppetlabs/puppet/ssl/private_keys/root.mcollective.pem"),
                Path.of("/etc/puppetlabs/puppet/ssl/certs/ca.pem")));
    }

    @Test
    void theUserVariableNamesTheCertnameAndMcollectiveCertnameOverridesIt() throws IOException {
        ChoriaConfig c = write("plugin.choria.ssldir = /srv/ssl");
        assertThat(SecurityProvider.locate(c.withEnvironment(Map.of("USER", "carol"))).files().certificate())
                .isEqualTo(Path.of("/srv/ssl/certs/carol.mcollective.pem"));
        assertThat(SecurityProvider.locate(c.withEnvironment(Map.of("USER", "carol", "MCOLLECTIVE_CERTNAME",
                "ops.example.net"))).files().certificate()).isEqualTo(Path.of("/srv/ssl/certs/ops.example.net.pem"));
        assertThat(SecurityProvider.locate(c.withEnvironment(Map.of())).files().certificate())
                .as("without USER, the JVM's user name").isEqualTo(Path.of("/srv/ssl/certs/"
                        + System.getProperty("user.name") + ".mcollective.pem"));
    }

    @Test
    void asRootTheSslDirectoryIsWhatPuppetPrints() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path printed = dir.resolve("puppet-ssl");
        fakePuppet(bin, "[ \"$*\" = 'config print ssldir' ] || exit 3\necho " + printed);
        ChoriaConfig c = write("").withEnvironment(Map.of("PATH", bin.toString()));
        assertThat(located(c, "root", true, Path.of("/root"), null).certificate())
                .isEqualTo(printed.resolve("certs/root.mcollective.pem"));
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(c, "root", true, Path.of("/root"), null))
                .hasMessageContaining("certname root.mcollective (the user and .mcollective, root included) in "
                        + printed + " (what '" + bin.resolve("puppet") + " config print ssldir' printed, as root)");
        assertThat(located(c, "alice", false, Path.of("/home/alice"), null).certificate())
                .as("not asked for other users").isEqualTo(Path.of(
                        "/home/alice/.puppetlabs/etc/puppet/ssl/certs/alice.mcollective.pem"));
    }

    @Test
    void aPuppetThatFailsIsOneLineSayingWhatToSetInstead() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        fakePuppet(bin, "echo 'Error: Could not initialize global default settings' >&2\nexit 1");
        ChoriaConfig c = write("").withEnvironment(Map.of("PATH", bin.toString()));
        assertThatThrownBy(() -> located(c, "root", true, Path.of("/root"), null))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("cannot ask Puppet for root's SSL directory ('" + bin.resolve("puppet") + " config print"
                        + " ssldir'): exit status 1: Error: Could not initialize global default settings; set"
                        + " plugin.choria.ssldir instead");
    }

    @Test
    void aPuppetThatHangsIsGivenUpOn() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        fakePuppet(bin, "exec sleep 30"); // exec: the process given up on is the one killed
        long start = System.nanoTime();
        assertThatThrownBy(() -> PuppetCommand.sslDir(bin.resolve("puppet"), 1))
                .hasMessage("cannot ask Puppet for root's SSL directory ('" + bin.resolve("puppet") + " config print"
                        + " ssldir'): it did not finish within 1 s; set plugin.choria.ssldir instead");
        assertThat(System.nanoTime() - start).as("given up on, not waited for").isLessThan(20_000_000_000L);
    }

    private static void fakePuppet(Path bin, String script) throws IOException {
        Path puppet = Files.writeString(bin.resolve("puppet"), "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(puppet, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aTildeInThePathsIsTheHomeDirectoryAsInGoChoria() throws IOException {
        Map<String, String> env = Map.of("HOME", "/home/tally", "PATH", dir.resolve("no-bin").toString());
        ChoriaConfig file = write("""
                plugin.security.provider = file
                plugin.security.file.certificate = ~/certs/tally.pem
                plugin.security.file.key = ~/certs/tally.key
                plugin.security.file.ca = ~/certs/ca.pem
                """).withEnvironment(env);
        assertThat(located(file, "tally", false, Path.of("/home/tally"), null)).isEqualTo(new TlsFiles(
                Path.of("/home/tally/certs/tally.pem"), Path.of("/home/tally/certs/tally.key"),
                Path.of("/home/tally/certs/ca.pem")));
        ChoriaConfig puppet = write("plugin.choria.ssldir = ~/ssl").withEnvironment(env);
        assertThat(located(puppet, "root", true, Path.of("/root"), null).ca()).isEqualTo(Path.of("/home/tally/ssl/certs/ca.pem"));
        ChoriaConfig certmanager = write("plugin.security.provider = certmanager\nplugin.choria.ssldir = ~")
                .withEnvironment(env);
        assertThat(located(certmanager, "tally", false, Path.of("/home/tally"), null).key())
                .isEqualTo(Path.of("/home/tally/key.pem"));
        ChoriaConfig otherUser = write("plugin.choria.ssldir = ~alice/ssl").withEnvironment(env);
        assertThat(located(otherUser, "tally", false, Path.of("/home/tally"), null).ca())
                .as("~name is left as written (go-choria would make it /home/tallyalice)")
                .isEqualTo(Path.of("~alice/ssl/certs/ca.pem"));
    }

    @Test
    void certmanagerReadsCertKeyAndCaFromTheSslDirectory() throws IOException {
        Path ssl = Files.createDirectories(dir.resolve("ssl"));
        ChoriaConfig c = write("plugin.security.provider = certmanager\nplugin.choria.ssldir = " + ssl);
        assertThat(located(c, "tally", false, dir, null))
                .isEqualTo(new TlsFiles(ssl.resolve("cert.pem"), ssl.resolve("key.pem"), ssl.resolve("ca.pem")));
        for (String pem : new String[] {"cert.pem", "key.pem", "ca.pem"}) {
            Files.writeString(ssl.resolve(pem), "");
        }
        assertThat(TlsFiles.fromChoriaConfig(c, "tally", false, dir, null).key()).isEqualTo(ssl.resolve("key.pem"));
    }

    @Test
    void certmanagerWithoutItsFilesSaysThatThisToolRequestsNone() throws IOException {
        ChoriaConfig c = write("plugin.security.provider = certmanager\nplugin.choria.ssldir = /var/lib/choria/ssl");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(c, "tally", false, dir, null))
                .hasMessage("TLS certificate /var/lib/choria/ssl/cert.pem does not exist or is not readable: "
                        + c.source() + " uses the certmanager security provider, which keeps cert.pem, key.pem and"
                        + " ca.pem in plugin.choria.ssldir /var/lib/choria/ssl; this tool requests no certificates"
                        + " from cert-manager, so let a Choria client enrol there first, or give this tool a"
                        + " certificate of its own: plugin.security.provider = file with"
                        + " plugin.security.file.certificate, .key and .ca, or --tls-cert, --tls-key and --tls-ca");
        ChoriaConfig noDir = write("plugin.security.provider = certmanager");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(noDir))
                .hasMessage(noDir.source() + ": plugin.choria.ssldir must be set for the certmanager security provider");
    }

    @Test
    void pkcs11AndChoriaAreRefusedWithWhatToConfigureInstead() throws IOException {
        ChoriaConfig pkcs11 = write("plugin.security.provider = pkcs11");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(pkcs11))
                .isInstanceOf(LifecycleException.class)
                .hasMessage(pkcs11.source() + ": security provider 'pkcs11' is not supported: its key stays in a"
                        + " PKCS#11 token, which this tool cannot use; give this tool a certificate of its own:"
                        + " plugin.security.provider = file with plugin.security.file.certificate, .key and .ca,"
                        + " or --tls-cert, --tls-key and --tls-ca");
        ChoriaConfig choria = write("plugin.security.provider = choria");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(choria))
                .hasMessageStartingWith(choria.source() + ": security provider 'choria' is not supported: it signs"
                        + " with ed25519 seeds and JWTs")
                .hasMessageContaining("plugin.security.provider = file");
        ChoriaConfig other = write("plugin.security.provider = vault");
        assertThatThrownBy(() -> TlsFiles.fromChoriaConfig(other))
                .hasMessage(other.source() + ": security provider 'vault' is not supported, use 'file', 'puppet' or"
                        + " 'certmanager' (plugin.security.provider)");
    }

    @Test
    void withoutTlsTheProviderIsNotConsulted() throws IOException {
        ChoriaConfig c = write("plugin.choria.middleware_hosts = b1:4222\nplugin.security.provider = pkcs11");
        ConnectionSettings plain = ConnectionSettings.fromChoriaConfig(c, false);
        assertThat(plain.tls()).isNull();
        assertThat(plain.servers()).containsExactly("nats://b1:4222");
        assertThatThrownBy(() -> ConnectionSettings.fromChoriaConfig(c)).hasMessageContaining("'pkcs11'");
    }
}
