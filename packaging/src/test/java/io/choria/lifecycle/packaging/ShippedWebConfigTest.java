package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.tally.web.WebConfig;
import io.choria.lifecycle.tally.web.WebConfigFile;
import io.choria.lifecycle.tally.web.WebConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commented example web configuration the package ships beside its settings. */
class ShippedWebConfigTest {
    static final Path EXAMPLE = Path.of("src", "deb", "etc", "web-config.yml").toAbsolutePath();

    @Test
    void asShippedItTurnsNothingOn() {
        WebConfig shipped = WebConfigReader.read(EXAMPLE);
        assertThat(shipped.tlsEnabled()).isFalse();
        assertThat(shipped.users()).isEmpty();
        assertThat(shipped.rateLimit()).isNull();
    }

    /** Every setting uncommented, as an operator would, with this test's certificates: the tally reads it. */
    @Test
    void uncommentedItIsAValidFileWithMutualTlsAUserHeadersAndARateLimit(@TempDir Path dir) throws IOException {
        TestPki site = TestPki.create(dir, "site");
        Path[] cert = site.issueServer("tally");
        String uncommented = Files.readString(EXAMPLE).lines()
                .filter(l -> l.matches("#[a-z_]+:.*|#\\s{2,}[A-Za-z_-]+:.*"))
                .map(l -> l.substring(1))
                .collect(Collectors.joining("\n", "", "\n"))
                .replace("/etc/choria-lifecycle/web.pem", cert[0].toString())
                .replace("/etc/choria-lifecycle/web-key.pem", cert[1].toString())
                .replace("/etc/choria-lifecycle/ca.pem", site.caFile().toString());
        WebConfig c = WebConfigReader.read(Files.writeString(dir.resolve("web-config.yml"), uncommented));
        assertThat(WebConfigFile.describe(c)).startsWith("TLS (RequireAndVerifyClientCert), 1 basic auth user(s)");
        assertThat(c.users()).containsOnlyKeys("prometheus");
        assertThat(c.headers()).containsKey("Strict-Transport-Security");
        assertThat(c.rateLimit()).isNotNull();
    }
}
