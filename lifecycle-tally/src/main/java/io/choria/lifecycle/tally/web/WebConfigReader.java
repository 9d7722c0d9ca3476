package io.choria.lifecycle.tally.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a web configuration file as the exporter-toolkit does ({@code web/tls_config.go},
 * {@code web/handler.go}): strict YAML (no unknown and no repeated keys), paths relative to the file, bcrypt hashes only, the
 * same short list of settable headers and values. Every refusal is one line naming the file,
 * the key and the fix.
 */
public final class WebConfigReader {
    /** Refuses a key given twice in one mapping, as yaml.UnmarshalStrict does (else the last would silently win). */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
    private static final long MAX_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("tls_server_config", "http_server_config", "basic_auth_users",
            "rate_limit");
    /** Go's bcrypt: {@code $2a$}, {@code $2b$}, {@code $2y$} (htpasswd -B), cost 4 to 31, 22 salt and 31 hash characters. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    /** The toolkit's headers and, where it restricts them, their values (an empty list: any value). */
    private static final Map<String, List<String>> HEADERS = Map.of(
            "Strict-Transport-Security", List.of(),
            "X-Content-Type-Options", List.of("nosniff"),
            "X-Frame-Options", List.of("deny", "sameorigin"),
            "X-XSS-Protection", List.of(),
            "Content-Security-Policy", List.of());

    private WebConfigReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws LifecycleException when it cannot be read or used, naming the file, the key and the fix
     */
    public static WebConfig read(Path file) {
        ConfigNode root = ConfigNode.root(file, parse(file)).only(TOP);
        List<Path> files = new ArrayList<>(List.of(file));
        TlsServerConfig tls = TlsServerConfigReader.read(root.mapping("tls_server_config"));
        if (tls != null) {
            files.addAll(tls.files());
        }
        ConfigNode http = root.mapping("http_server_config").only(Set.of("http2", "headers"));
        return new WebConfig(tls, users(root.mapping("basic_auth_users")), headers(http.mapping("headers")),
                rateLimit(root), http.bool("http2", true), files);
    }

    private static JsonNode parse(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new LifecycleException(Reason.INVALID_INPUT, file + ": larger than 1 MB; is it a web configuration file?");
            }
            return YAML.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            java.util.regex.Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.matches() && e.getLocation() != null) {
                throw new LifecycleException(Reason.INVALID_INPUT, file + ": line " + e.getLocation().getLineNr()
                        + ": key \"" + duplicate.group(1) + "\" already set in map (give each key once)");
            }
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new LifecycleException(Reason.INVALID_INPUT, file + ": not valid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (NoSuchFileException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read web configuration " + file + ": no such file");
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read web configuration " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> users(ConfigNode users) {
        Map<String, String> hashes = users.stringMap();
        hashes.forEach((user, hash) -> {
            if (!BCRYPT.matcher(hash).matches()) {
                throw users.at(user, "not a bcrypt hash: store the hash of the password, e.g. the output of"
                        + " htpasswd -nBC 10 \"\" | tr -d ':\\n', never the password itself");
            }
        });
        return hashes;
    }

    private static Map<String, String> headers(ConfigNode headers) {
        Map<String, String> values = headers.stringMap();
        values.forEach((name, value) -> {
            List<String> allowed = HEADERS.get(name);
            if (allowed == null) {
                throw headers.at(name, "this HTTP header can not be configured; the ones that can are "
                        + String.join(", ", HEADERS.keySet().stream().sorted().toList()));
            }
            if (!allowed.isEmpty() && !allowed.contains(value)) {
                throw headers.at(name, "invalid value '" + value + "'; use one of " + String.join(", ", allowed));
            }
        });
        return values;
    }

    private static WebConfig.RateLimit rateLimit(ConfigNode root) {
        ConfigNode rate = root.mapping("rate_limit").only(Set.of("interval", "burst"));
        String interval = rate.string("interval", "0s");
        Duration every;
        try {
            every = GoDuration.parse(interval);
        } catch (LifecycleException e) {
            throw rate.at("interval", e.getMessage() + " (a duration such as 100ms or 1s; 0 turns the limit off)");
        }
        int burst = rate.integer("burst", 0);
        if (burst < 0) {
            throw rate.at("burst", "must not be negative");
        }
        return every.isZero() ? null : new WebConfig.RateLimit(every, burst);
    }
}
