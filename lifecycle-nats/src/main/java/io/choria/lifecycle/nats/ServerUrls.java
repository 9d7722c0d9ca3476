package io.choria.lifecycle.nats;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.nats.client.Connection;
import io.nats.client.support.NatsUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Broker URLs: read from comma-separated lists, and shown to people without the user name, password or token some carry. */
final class ServerUrls {
    private ServerUrls() {
    }

    /** A comma-separated list of servers as URLs, blanks dropped; a bare {@code host:port} means {@code nats://}. */
    static List<String> parseList(String commaSeparated) {
        List<String> urls = new ArrayList<>();
        for (String one : commaSeparated.split(",")) {
            String url = one.trim();
            if (!url.isEmpty()) {
                urls.add(url.contains("://") ? url : "nats://" + url);
            }
        }
        return urls;
    }

    /**
     * {@code url}, when jnats can connect to it (its parser, so that nothing passes here that the
     * connect would refuse).
     *
     * @throws LifecycleException saying which URL is not valid
     */
    static String check(String url) {
        try {
            new NatsUri(url);
            return url;
        } catch (URISyntaxException | RuntimeException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "'" + withoutUserInfo(url) + "' is not a valid server URL");
        }
    }

    /** {@code url} with its user info (user:password or token) replaced by {@code ***}. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("(?<=://)[^/@]*@", "***@");
    }

    /** The broker {@code connection} is connected to as the reference shows it: {@code nats://host:port}. */
    static String connectedServer(Connection connection) {
        String url = connection.getConnectedUrl();
        if (url == null) {
            return "unknown";
        }
        try {
            URI uri = new URI(url);
            return uri.getHost() == null ? withoutUserInfo(url) : "nats://" + uri.getHost() + ":" + uri.getPort();
        } catch (URISyntaxException e) {
            return withoutUserInfo(url);
        }
    }
}
