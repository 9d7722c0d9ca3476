package io.choria.lifecycle.tally.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * Who a client is for the limits per client: its IPv4 address, or the /64 network of its IPv6
 * address, since one IPv6 host commonly holds a whole /64 and could otherwise take a new
 * allowance with every address it picks.
 */
final class ClientKey {
    private ClientKey() {
    }

    /** The key of {@code remote}; a socket address that is not IP (tests, Unix sockets) is one client. */
    static String of(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return "other";
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            return "v6:" + Arrays.toString(Arrays.copyOf(bytes, 8));
        }
        return address.getHostAddress();
    }
}
