package io.choria.lifecycle.nats;

import io.nats.client.Connection;
import java.net.URI;
import java.net.URISyntaxException;

/** Broker URLs as shown to people: never with the user name, password or token some URLs carry. */
final class ServerUrls {
    private ServerUrls() {
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
