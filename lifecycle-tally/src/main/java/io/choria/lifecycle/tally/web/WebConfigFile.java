package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A web configuration file that is read again when it changes, as the exporter-toolkit reads
 * its file for every request and its certificates for every connection: here the file and the
 * PEM files it names are looked at (modification time and size) at most once a second, and read
 * again only when one changed, so a renewed certificate or a new user is used without a restart.
 * A file that cannot be used on a re-read keeps the last good settings and is logged once per
 * change, not once per request. TLS cannot be switched on or off without a restart.
 */
public final class WebConfigFile {
    private static final Logger LOG = LoggerFactory.getLogger(WebConfigFile.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile WebConfig current;
    private volatile List<String> stamps;
    private volatile long nextCheck;
    private List<String> refusedStamps;

    private WebConfigFile(Path file, LongSupplier nanoTime) {
        this.file = file;
        this.nanoTime = nanoTime;
    }

    /**
     * Reads {@code file} for the first time.
     *
     * @throws LifecycleException when it cannot be used: one line naming the file, the key and the fix
     */
    public static WebConfigFile load(Path file) {
        return load(file, System::nanoTime);
    }

    static WebConfigFile load(Path file, LongSupplier nanoTime) {
        WebConfigFile f = new WebConfigFile(Objects.requireNonNull(file, "file"), nanoTime);
        f.current = WebConfigReader.read(file);
        f.stamps = stamps(f.current.files());
        f.nextCheck = nanoTime.getAsLong() + CHECK_EVERY_NANOS;
        return f;
    }

    public Path path() {
        return file;
    }

    /** The settings in force: re-read first when a second has passed and a file changed. */
    public WebConfig current() {
        long now = nanoTime.getAsLong();
        if (now - nextCheck >= 0) {
            reloadIfChanged(now);
        }
        return current;
    }

    private synchronized void reloadIfChanged(long now) {
        if (now - nextCheck < 0) {
            return; // another request checked meanwhile
        }
        nextCheck = now + CHECK_EVERY_NANOS;
        List<String> seen = stamps(current.files());
        if (seen.equals(stamps) || seen.equals(refusedStamps)) {
            return;
        }
        try {
            WebConfig read = WebConfigReader.read(file);
            if (read.tlsEnabled() != current.tlsEnabled()) {
                throw new LifecycleException(LifecycleException.Reason.INVALID_INPUT, file + ": TLS cannot be turned "
                        + (read.tlsEnabled() ? "on" : "off") + " without a restart");
            }
            current = read;
            stamps = stamps(read.files());
            refusedStamps = null;
            LOG.info("Web configuration {} read again: {}", file, describe(read));
        } catch (LifecycleException e) {
            refusedStamps = seen;
            LOG.warn("Keeping the previous web settings: {}", e.getMessage());
        }
    }

    /** One line for the log: what the port does now. */
    public static String describe(WebConfig c) {
        return (c.tlsEnabled() ? "TLS (" + c.tls().clientAuth() + ")" : "plain HTTP") + ", "
                + (c.users().isEmpty() ? "no basic auth" : c.users().size() + " basic auth user(s)")
                + (c.rateLimit() == null ? "" : ", rate limit 1 per " + GoDuration.format(c.rateLimit().interval())
                + " burst " + c.rateLimit().burst() + " per client");
    }

    /** What tells a file changed: its modification time and size; "absent" when it cannot be read. */
    private static List<String> stamps(List<Path> files) {
        List<String> stamps = new ArrayList<>();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                stamps.add(a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey());
            } catch (IOException e) {
                stamps.add("absent");
            }
        }
        return stamps;
    }
}
