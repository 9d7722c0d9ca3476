package io.choria.lifecycle.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.NewVersionEvent;
import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .rpm's payload as rpm2cpio and cpio unpack it, run from where it was unpacked: the
 * launcher and jar work with this machine's java, and systemd accepts the unit.
 */
class RpmPayloadIT {
    private static final String UNIT = "/usr/lib/systemd/system/choria-lifecycle-tally.service";
    private static Path payload;

    @BeforeAll
    static void unpack() throws IOException {
        payload = Files.createTempDirectory(BuiltPackages.DIR, "rpm-payload-");
        RpmTools.unpack(BuiltPackages.rpm(), payload);
    }

    @AfterAll
    static void remove() throws IOException {
        if (payload != null) {
            Trees.delete(payload);
        }
    }

    @Test
    void theLauncherNamesBashAndPrintsTheProjectVersion() throws IOException {
        Path launcher = payload.resolve("usr/bin/choria-lifecycle");
        ProcessRun run = ProcessRun.of(launcher.toString(), "--version");

        assertThat(Files.readAllLines(launcher).get(0)).isEqualTo("#!/usr/bin/bash");
        assertThat(run.ok()).as(run.describe()).isTrue();
        assertThat(run.stdout()).isEqualTo("choria-lifecycle " + System.getProperty("project.version") + "\n");
    }

    @Test
    void anEventEncodedByThePayloadDecodesToTheSameEvent() {
        String launcher = payload.resolve("usr/bin/choria-lifecycle").toString();
        ProcessRun encode = ProcessRun.of(launcher, "encode", "--type", "upgraded", "--component", "server",
                "--identity", "n1.example.net", "--version", "1.2.3", "--new-version", "1.3.0", "--format", "cloudevent");
        assertThat(encode.ok()).as(encode.describe()).isTrue();
        ProcessRun decode = ProcessRun.withInput(encode.stdout().getBytes(StandardCharsets.UTF_8), Map.of(), launcher,
                "decode");
        LifecycleEvent event = Lifecycle.fromJson(encode.stdout().getBytes(StandardCharsets.UTF_8));

        assertThat(decode.ok()).as(decode.describe()).isTrue();
        assertThat(decode.stdout()).isEqualTo(event + "\n");
        assertThat(event.type()).isEqualTo(EventType.UPGRADED);
        assertThat(event.identity()).isEqualTo("n1.example.net");
        assertThat(((NewVersionEvent) event).version()).isEqualTo("1.2.3");
        assertThat(((NewVersionEvent) event).newVersion()).isEqualTo("1.3.0");
    }

    /**
     * The unit verified inside the unpacked payload (--root), with this machine's own units beside
     * it for the targets it names, as an EL system's systemd package has them.
     */
    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWarning() {
        ProcessRun units = ProcessRun.of("cp", "-rn", "/usr/lib/systemd/system/.",
                payload.resolve("usr/lib/systemd/system").toString());
        assertThat(units.ok()).as(units.describe()).isTrue();
        ProcessRun verify = ProcessRun.of(DebianPackage.program("systemd", "systemd-analyze"), "verify",
                "--root=" + payload, UNIT);

        assertThat(verify.ok()).as(verify.describe()).isTrue();
        assertThat(verify.stdout() + verify.stderr()).as("no warnings either").isEmpty();
        assertThat(payload.resolve(UNIT.substring(1))).content()
                .contains("EnvironmentFile=/etc/sysconfig/choria-lifecycle-tally\n").doesNotContainPattern("@[A-Z]+@");
    }
}
