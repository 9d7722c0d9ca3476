package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** bcrypt hashes made as operators make them: Debian's {@code htpasswd -nbBC COST} (package apache2-utils). */
public final class Htpasswd {
    private Htpasswd() {
    }

    /** The {@code $2y$...} hash htpasswd writes for {@code password}. */
    public static String hash(String password, int cost) {
        String htpasswd = DebianPackage.program("apache2-utils", "htpasswd");
        try {
            Process p = new ProcessBuilder(htpasswd, "-nbBC", Integer.toString(cost), "", password)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith(":$2y$")) {
                throw new IllegalStateException("htpasswd failed: " + out);
            }
            return out.substring(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + htpasswd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
