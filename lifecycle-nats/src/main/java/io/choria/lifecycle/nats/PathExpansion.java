package io.choria.lifecycle.nats;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a path in a Choria configuration is expanded before use, as the Go code that reads it does.
 *
 * <p>go-choria's {@code path_string} settings ({@code confkey}, {@code internal/util.ExpandPath}:
 * {@code plugin.choria.ssldir}, {@code plugin.security.file.*}, {@code logfile}, ...) replace a
 * leading {@code ~} by the home directory. go-choria replaces the {@code ~} of {@code ~name/x}
 * too, making {@code <home>name/x}, which never is what was meant; here only {@code ~} and
 * {@code ~/...} are expanded and {@code ~name/...} is left as written (and then reported as a
 * file that does not exist).
 *
 * <p>{@code plugin.nats.credentials} is no {@code path_string}: nats.go expands it when it opens
 * the file ({@code expandPath} in {@code nats.go}), first environment variables as Go's
 * {@code os.ExpandEnv} ({@code $NAME}, {@code ${NAME}}, unset ones empty), then a leading
 * {@code ~}.
 */
final class PathExpansion {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

    private PathExpansion() {
    }

    /** {@code value} with a leading {@code ~} or {@code ~/} made {@code home}. */
    static Path home(String value, Path home) {
        String v = value.trim();
        if (v.equals("~")) {
            return home;
        }
        if (v.startsWith("~/")) {
            return home.resolve(v.substring(2));
        }
        return Path.of(v);
    }

    /** A credentials file's path as nats.go opens it: variables from {@code environment}, then {@code ~}. */
    static Path credentials(String value, UnaryOperator<String> environment, Path home) {
        Matcher m = VARIABLE.matcher(value.trim());
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            String set = environment.apply(m.group(1) != null ? m.group(1) : m.group(2));
            m.appendReplacement(expanded, Matcher.quoteReplacement(set == null ? "" : set));
        }
        m.appendTail(expanded);
        return home(expanded.toString(), home);
    }
}
