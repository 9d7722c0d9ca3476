package io.choria.lifecycle.tally.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Reads every page of a running tally's {@code GET /api/nodes} (the {@code nodes} command's
 * client, beside the API it calls): pages of the API's largest size, each following the last
 * one's {@code next}.
 */
public final class NodesClient {
    private static final JsonFactory JSON = new JsonFactory();

    /** One node record as the API gives it. */
    public record Node(String identity, String version, String lastSeen) {
    }

    private final URI base;
    private final HttpClient http;
    private final String authorization;
    private final String user;

    /**
     * @param base the tally's URL, e.g. {@code http://127.0.0.1:8080} (a path prefix is kept)
     * @param http the client, with the TLS context of a secured tally
     * @param authorization the {@code Authorization} header for basic auth, or null
     * @param user the user {@code authorization} names, for messages, or null
     */
    public NodesClient(URI base, HttpClient http, String authorization, String user) {
        this.base = base;
        this.http = http;
        this.authorization = authorization;
        this.user = user;
    }

    /**
     * Hands every node matching {@code filters} (API parameter → value) to {@code sink}, in identity order.
     *
     * @throws LifecycleException when the tally cannot be reached or refuses the question
     */
    public void forEach(Map<String, String> filters, Consumer<Node> sink) throws InterruptedException {
        String after = null;
        do {
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("limit", Integer.toString(NodeQuery.MAX_LIMIT));
            if (after != null) {
                params.put("after", after);
            }
            Page page = parse(get(params));
            page.nodes.forEach(sink);
            after = page.next;
        } while (after != null);
    }

    private byte[] get(Map<String, String> params) throws InterruptedException {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/api/nodes?" + query);
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot reach the tally at " + base + ": "
                    + (e instanceof ConnectException ? "connection refused" : "connection timed out"));
        } catch (HttpTimeoutException e) {
            throw new LifecycleException(Reason.TIMED_OUT, "the tally at " + base + " did not answer within 60 s");
        } catch (SSLException e) {
            throw tlsRefused(oneLine(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            if ("https".equals(base.getScheme())) {
                // a refused client certificate may surface as a connection closed before any answer
                throw tlsRefused("the connection was closed without an answer");
            }
            throw new LifecycleException(Reason.NOT_CONNECTED, "cannot read from the tally at " + base + ": "
                    + oneLine(String.valueOf(e.getMessage())) + " (does it serve https?)");
        }
        if (response.statusCode() == 401) {
            throw new LifecycleException(Reason.REFUSED, user == null
                    ? "the tally at " + base + " wants a user and password (401): give --tally-user and the password in"
                    + " --tally-password-file or CHORIA_TALLY_PASSWORD"
                    : "the tally at " + base + " refused the user " + user + " (401): wrong user or password");
        }
        if (response.statusCode() != 200) {
            throw new LifecycleException(Reason.REFUSED, "the tally at " + base + " answered " + response.statusCode() + ": "
                    + errorOf(response.body()));
        }
        return response.body();
    }

    private LifecycleException tlsRefused(String why) {
        return new LifecycleException(Reason.REFUSED, "cannot reach the tally at " + base + " over TLS: " + why
                + " (--tally-ca names the CA of its certificate; --tally-cert and --tally-key the client certificate"
                + " it may require)");
    }

    private record Page(List<Node> nodes, String next) {
    }

    private Page parse(byte[] body) {
        List<Node> nodes = new ArrayList<>();
        String next = null;
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("nodes".equals(field)) {
                    expect(value == JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        nodes.add(node(p));
                    }
                } else if ("next".equals(field)) {
                    next = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | IllegalStateException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "the tally at " + base + " sent an answer that is not a page of nodes (is "
                    + base + " a tally?)");
        }
        return new Page(nodes, next);
    }

    private static Node node(JsonParser p) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.put(name, p.getValueAsString());
            p.skipChildren();
        }
        expect(fields.get("identity") != null);
        return new Node(fields.get("identity"), fields.get("version"), fields.get("last_seen"));
    }

    private static void expect(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("unexpected JSON");
        }
    }

    private static String errorOf(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if ("error".equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
                        return oneLine(p.getText());
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: say what kind of answer it was below
        }
        return "(no error message; is this a tally?)";
    }

    /** A message from the network on one line: line breaks and other control characters as spaces. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}
