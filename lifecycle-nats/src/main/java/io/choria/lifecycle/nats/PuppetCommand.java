package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Puppet's answer to where its SSL directory is, as go-choria's puppet security provider asks it
 * for root ({@code providers/security/puppetsec/util.go}, {@code puppet/puppetwrapper.go}): the
 * AIO {@code /opt/puppetlabs/bin/puppet} when it is there, else {@code puppet} on the PATH.
 *
 * <p>go-choria runs {@code puppet apply --environment production --configprint ssldir};
 * {@code --configprint} is deprecated since Puppet 5.5, so this runs
 * {@code puppet config print ssldir}, which prints the same setting. Where there is no puppet at
 * all go-choria fails; the caller here falls back to Puppet's default directory instead.
 */
final class PuppetCommand {
    static final Path AIO = Path.of("/opt/puppetlabs/bin/puppet");
    /** Puppet takes a few seconds to start; one that takes this long is stuck. */
    private static final long LIMIT_SECONDS = 60;

    private PuppetCommand() {
    }

    /** The puppet command to ask: the AIO one, else the first {@code puppet} on {@code environment}'s PATH. */
    static Optional<Path> find(UnaryOperator<String> environment) {
        if (Files.isExecutable(AIO)) {
            return Optional.of(AIO);
        }
        String path = environment.apply("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "puppet");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * What {@code puppet config print ssldir} prints, line breaks removed as go-choria removes them.
     *
     * @throws LifecycleException when puppet fails, prints nothing or does not finish in a minute
     */
    static String sslDir(Path puppet) {
        return sslDir(puppet, LIMIT_SECONDS);
    }

    /** As {@link #sslDir(Path)}, giving puppet {@code limitSeconds}. */
    static String sslDir(Path puppet, long limitSeconds) {
        String setting = "ssldir";
        String command = puppet + " config print " + setting;
        Path output = null;
        Path errors = null;
        try {
            // both to files: a puppet that hangs with its output open must not hang us past the limit
            output = Files.createTempFile("choria-lifecycle-puppet", ".out");
            errors = Files.createTempFile("choria-lifecycle-puppet", ".err");
            Process p = new ProcessBuilder(puppet.toString(), "config", "print", setting)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failed(command, "it did not finish within " + limitSeconds + " s");
            }
            String value = firstBytes(output).replace("\n", "").replace("\r", "").trim();
            if (p.exitValue() != 0 || value.isEmpty()) {
                String said = firstBytes(errors).lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
                throw failed(command, (p.exitValue() != 0 ? "exit status " + p.exitValue() : "it printed nothing")
                        + (said.isEmpty() ? "" : ": " + said));
            }
            return value;
        } catch (IOException e) {
            throw failed(command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException(Reason.INTERRUPTED, "interrupted while running " + command);
        } finally {
            delete(output);
            delete(errors);
        }
    }

    /** The start of what puppet wrote: a path, or an error line; a runaway output is not read whole. */
    private static String firstBytes(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is all
            }
        }
    }

    private static LifecycleException failed(String command, String why) {
        return new LifecycleException(Reason.INVALID_INPUT, "cannot ask Puppet for root's SSL directory ('" + command
                + "'): " + why + "; set plugin.choria.ssldir instead");
    }
}
