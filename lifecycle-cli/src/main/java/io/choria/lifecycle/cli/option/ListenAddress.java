package io.choria.lifecycle.cli.option;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --web.listen-address}, as Prometheus exporters take it: Go's {@code host:port}, the host
 * optional (all interfaces, {@code bind} null) and IPv6 in brackets.
 */
public record ListenAddress(String bind, int port) {
    private static final Pattern FORM = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]]*):(\\d{1,5})");

    /** The address {@code text} names; empty when it is not {@code [host]:port} with a port up to 65535. */
    public static Optional<ListenAddress> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            return Optional.empty();
        }
        String host = m.group(1);
        return Optional.of(new ListenAddress(host.isEmpty() ? null
                : host.startsWith("[") ? host.substring(1, host.length() - 1) : host, Integer.parseInt(m.group(2))));
    }
}
