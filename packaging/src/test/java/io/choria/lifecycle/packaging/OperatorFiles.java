package io.choria.lifecycle.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** The operator files of this module, as the tests find them (the working directory is the module's). */
final class OperatorFiles {
    static final Path PROMETHEUS_DIR = Path.of("prometheus").toAbsolutePath();
    static final Path SCRAPE_CONFIG = PROMETHEUS_DIR.resolve("prometheus.yml");
    static final Path RULES = PROMETHEUS_DIR.resolve("choria-lifecycle-tally.rules.yml");
    static final Path RULE_TESTS = PROMETHEUS_DIR.resolve("choria-lifecycle-tally.rules.test.yml");
    static final Path DASHBOARD = Path.of("grafana", "choria-lifecycle-tally.json").toAbsolutePath();
    static final Path UNIT = Path.of("src", "deb", "systemd", "choria-lifecycle-tally.service").toAbsolutePath();
    static final Path SETTINGS = Path.of("src", "deb", "default", "choria-lifecycle-tally").toAbsolutePath();

    private OperatorFiles() {
    }

    /** promtool from the Debian package prometheus, installed when missing (as root). */
    static String promtool() {
        return io.choria.lifecycle.natsserver.DebianPackage.program("prometheus", "promtool");
    }

    /** The Prometheus server from the Debian package prometheus. */
    static String prometheus() {
        return io.choria.lifecycle.natsserver.DebianPackage.program("prometheus", "prometheus");
    }

    static {
        if (!Files.isRegularFile(RULES)) {
            throw new IllegalStateException("run the packaging tests from the packaging module's directory; "
                    + RULES + " is missing");
        }
    }
}
