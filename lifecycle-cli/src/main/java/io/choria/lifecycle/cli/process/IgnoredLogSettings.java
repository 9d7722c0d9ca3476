package io.choria.lifecycle.cli.process;

import io.choria.lifecycle.nats.ChoriaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * go-choria's {@code logfile} and {@code loglevel}, which a Choria configuration written for the
 * reference tally may set: this program logs to stderr (the journal, under systemd) at the level
 * {@link StderrLogging} sets, so they are not used, and a long-running command says so once
 * rather than leaving them silently ignored.
 */
public final class IgnoredLogSettings {
    private static final Logger LOG = LoggerFactory.getLogger(IgnoredLogSettings.class);

    private IgnoredLogSettings() {
    }

    /** One warning naming the settings {@code config} has, if any. */
    public static void warnAbout(Optional<ChoriaConfig> config) {
        config.ifPresent(c -> {
            List<String> set = new ArrayList<>();
            c.logFile().ifPresent(f -> set.add("logfile = " + f));
            c.logLevel().ifPresent(l -> set.add("loglevel = " + l));
            if (!set.isEmpty()) {
                LOG.warn("{}: {} ignored: the tally logs to stderr (the journal under systemd) at info level, --debug"
                        + " for debug messages (docs/operations.md)", c.source(), String.join(" and ", set));
            }
        });
    }
}
