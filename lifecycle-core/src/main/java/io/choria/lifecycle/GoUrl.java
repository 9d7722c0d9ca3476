package io.choria.lifecycle;

/**
 * Whether Go's {@code net/url.Parse} (Go 1.19) accepts a string: the CloudEvents SDK reads a
 * {@code source} with it ({@code types.ParseURIRef}) and refuses the event when it fails. Only
 * the outcome is needed, not the parts: control characters, an empty scheme, a colon in the
 * first segment of a relative reference, bad {@code %} escapes, an authority whose host, port or
 * user information Go refuses. {@link java.net.URI} is stricter in other places (it refuses a
 * space, for one), so Go's checks are followed one by one.
 */
final class GoUrl {
    private GoUrl() {
    }

    static boolean parses(String raw) {
        int hash = raw.indexOf('#');
        String url = hash < 0 ? raw : raw.substring(0, hash);
        if (hash >= 0 && !validEscapes(raw.substring(hash + 1), false)) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < ' ' || c == 0x7F) {
                return false;
            }
        }
        if (url.equals("*")) {
            return true;
        }
        int colon = schemeEnd(url);
        if (colon == 0) {
            return false; // "missing protocol scheme"
        }
        boolean hasScheme = colon > 0;
        String rest = hasScheme ? url.substring(colon + 1) : url;
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (!rest.startsWith("/")) {
            if (hasScheme) {
                return true; // opaque
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).indexOf(':') >= 0) {
                return false; // "first path segment in URL cannot contain colon"
            }
        }
        if ((hasScheme || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                rest = authority.substring(slash);
                authority = authority.substring(0, slash);
            } else {
                rest = "";
            }
            if (!validAuthority(authority)) {
                return false;
            }
        }
        return validEscapes(rest, false);
    }

    /** Where a scheme ends (its colon), 0 for a colon first ("missing protocol scheme"), -1 for no scheme. */
    private static int schemeEnd(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    private static boolean validAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        String host = at < 0 ? authority : authority.substring(at + 1);
        if (!validHost(host)) {
            return false;
        }
        if (at < 0) {
            return true;
        }
        String user = authority.substring(0, at);
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0)) {
                return false; // "net/url: invalid userinfo"
            }
        }
        return validEscapes(user, false);
    }

    private static boolean validHost(String host) {
        String port;
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                return false; // "missing ']' in host"
            }
            port = host.substring(close + 1);
            if (host.substring(0, close).contains("%25")) {
                return validOptionalPort(port); // a zone: Go's looser rules for it are not followed further
            }
        } else {
            int colon = host.lastIndexOf(':');
            port = colon < 0 ? "" : host.substring(colon);
        }
        return validOptionalPort(port) && validEscapes(host, true);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code unescape}: every {@code %} starts two hex digits; in a host also no ASCII Go would escape. */
    private static boolean validEscapes(String s, boolean host) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    return false;
                }
                if (host && hex(s.charAt(i + 1)) < 8 && !s.startsWith("%25", i)) {
                    return false; // a host escapes only non-ASCII bytes
                }
                i += 2;
            } else if (host && c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) >= 0)) {
                return false; // "invalid character in host name"
            }
        }
        return true;
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
