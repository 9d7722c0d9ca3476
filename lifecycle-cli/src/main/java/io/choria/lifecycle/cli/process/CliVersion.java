package io.choria.lifecycle.cli.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The program's version for {@code --version}: the Maven project version the jar was built from. */
public final class CliVersion implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"choria-lifecycle " + version()};
    }

    /** The version from the filtered resource, else the jar manifest, else {@code unknown}. */
    public static String version() {
        String fromResource = fromResource();
        if (fromResource != null) {
            return fromResource;
        }
        String fromManifest = CliVersion.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "unknown";
    }

    private static String fromResource() {
        try (InputStream in = CliVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            // an unfiltered resource (run from an IDE without Maven) still holds the placeholder
            return v == null || v.isBlank() || v.contains("${") ? null : v.trim();
        } catch (IOException e) {
            return null;
        }
    }
}
