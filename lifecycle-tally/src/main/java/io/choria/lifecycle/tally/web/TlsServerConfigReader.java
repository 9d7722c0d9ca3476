package io.choria.lifecycle.tally.web;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import io.choria.lifecycle.nats.internal.KeyPairs;
import io.choria.lifecycle.nats.internal.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Reads {@code tls_server_config} with the exporter-toolkit's names, defaults and checks
 * ({@code web/tls_config.go}): TLS is on when any of the certificate, key, client CA or client
 * auth settings is given, TLS 1.2 to 1.3 by default, Go's default cipher suites in Go's order.
 */
final class TlsServerConfigReader {
    static final Set<String> KEYS = Set.of("cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type",
            "client_ca_file", "client_allowed_sans", "min_version", "max_version", "cipher_suites",
            "prefer_server_cipher_suites", "curve_preferences");

    /** The toolkit's names for TLS versions and the JDK's. */
    private static final Map<String, String> VERSIONS = versions();

    /** Go's {@code tls.CipherSuites()}, the secure suites the toolkit accepts; the JDK names them alike. */
    private static final Set<String> GO_CIPHER_SUITES = Set.of(
            "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    /**
     * What Go offers on TLS 1.2 without {@code cipher_suites}, in its order (crypto/tls of Go 1.23 to
     * 1.26, which current exporters build with: {@code cipherSuitesPreferenceOrder} less the disabled
     * CBC-SHA256 and RC4 suites, the RSA key exchange (off since 1.22) and 3DES (off since 1.23)):
     * ECDHE only, no finite-field DHE, which the JDK's own defaults would add.
     */
    static final List<String> GO_DEFAULT_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
    private static final Map<String, String> CURVES = Map.of("CurveP256", "secp256r1", "CurveP384", "secp384r1",
            "CurveP521", "secp521r1", "X25519", "x25519");

    private TlsServerConfigReader() {
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("TLS10", "TLSv1");
        v.put("TLS11", "TLSv1.1");
        v.put("TLS12", "TLSv1.2");
        v.put("TLS13", "TLSv1.3");
        return v;
    }

    /** The TLS settings of {@code tls}, or null when the section turns nothing on (plain HTTP). */
    static TlsServerConfig read(ConfigNode tls) {
        tls.only(KEYS);
        boolean enabled = Set.of("cert", "key", "client_ca", "cert_file", "key_file", "client_ca_file",
                "client_auth_type").stream().anyMatch(k -> !tls.string(k, "").isEmpty());
        if (!enabled) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        String certOrigin = origin(tls, "cert", "cert_file", files);
        String keyOrigin = origin(tls, "key", "key_file", files);
        List<X509Certificate> chain = pem(tls, "cert", "cert_file", t -> PemFiles.certificates(t, certOrigin), certOrigin);
        PrivateKey key = pem(tls, "key", "key_file", t -> PemFiles.privateKey(t, keyOrigin), keyOrigin);
        if (!KeyPairs.belongTogether(key, chain.get(0))) {
            throw tls.error("the key " + keyOrigin + " does not belong to the certificate " + certOrigin);
        }
        String clientAuthName = tls.string("client_auth_type", "");
        ClientAuthType clientAuth = ClientAuthType.named(clientAuthName).orElseThrow(() -> tls.at("client_auth_type",
                "unknown type '" + clientAuthName + "'; use one of " + ClientAuthType.names()));
        List<X509Certificate> clientCas = List.of();
        if (!tls.string("client_ca", "").isEmpty() || !tls.string("client_ca_file", "").isEmpty()) {
            String caOrigin = origin(tls, "client_ca", "client_ca_file", files);
            clientCas = pem(tls, "client_ca", "client_ca_file", t -> PemFiles.certificates(t, caOrigin), caOrigin);
            if (clientAuth == ClientAuthType.NO_CLIENT_CERT) {
                throw tls.error("a client CA is configured without a client auth policy: set client_auth_type,"
                        + " e.g. RequireAndVerifyClientCert");
            }
        } else if (clientAuth.verified) {
            throw tls.at("client_auth_type", clientAuth + " needs client_ca_file (or client_ca): the CA that signs"
                    + " the clients' certificates");
        }
        List<String> allowedSans = tls.strings("client_allowed_sans");
        if (!allowedSans.isEmpty() && !clientAuth.required) {
            // the toolkit does not check this: with NoClientCert it lets every client in, with the
            // other two its SAN check indexes an empty certificate list (docs/tally.md, differences)
            throw tls.at("client_allowed_sans", "requires client_auth_type to be one of RequireAnyClientCert or"
                    + " RequireAndVerifyClientCert; with " + clientAuth + " a client that sends no certificate"
                    + " would be let in");
        }
        tls.bool("prefer_server_cipher_suites", true); // read and checked; Go ignores it since 1.17, and so do we
        return new TlsServerConfig(chain, key, clientCas, clientAuth, allowedSans, protocols(tls), cipherSuites(tls),
                curves(tls), files);
    }

    /** What {@code inline} or {@code file} is called in messages; the file joins the watched ones. */
    private static String origin(ConfigNode tls, String inline, String file, List<Path> files) {
        String text = tls.string(inline, "");
        String path = tls.string(file, "");
        if (!text.isEmpty() && !path.isEmpty()) {
            throw tls.error("give " + inline + " or " + file + ", not both");
        }
        if (text.isEmpty() && path.isEmpty()) {
            throw tls.error("missing one of " + inline + " or " + file);
        }
        if (text.isEmpty()) {
            files.add(tls.resolve(path));
            return tls.resolve(path).toString();
        }
        return inline + " (inline)";
    }

    private static <T> T pem(ConfigNode tls, String inline, String file, Function<String, T> parse, String origin) {
        String text = tls.string(inline, "");
        try {
            if (text.isEmpty()) {
                Path path = tls.resolve(tls.string(file, ""));
                return parse.apply(readText(path));
            }
            return parse.apply(text);
        } catch (LifecycleException e) {
            throw tls.at(text.isEmpty() ? file : inline, e.getMessage());
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new LifecycleException(Reason.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<String> protocols(ConfigNode tls) {
        String min = tls.string("min_version", "TLS12");
        String max = tls.string("max_version", "TLS13");
        List<String> names = new ArrayList<>(VERSIONS.keySet());
        for (String[] v : new String[][] {{"min_version", min}, {"max_version", max}}) {
            if (!VERSIONS.containsKey(v[1])) {
                throw tls.at(v[0], "unknown TLS version '" + v[1] + "'; use one of " + String.join(", ", names));
            }
        }
        if (names.indexOf(min) > names.indexOf(max)) {
            throw tls.error("min_version " + min + " is above max_version " + max);
        }
        return names.subList(names.indexOf(min), names.indexOf(max) + 1).stream().map(VERSIONS::get).toList();
    }

    /** The JDK names of the suites to enable, TLS 1.2 ones first in order, then TLS 1.3's. */
    private static List<String> cipherSuites(ConfigNode tls) {
        List<String> given = tls.strings("cipher_suites");
        Set<String> available = Set.of(jdkSupportedSuites());
        List<String> suites = new ArrayList<>();
        if (given.isEmpty()) {
            GO_DEFAULT_SUITES.stream().filter(available::contains).forEach(suites::add);
        }
        for (String name : given) {
            if (!GO_CIPHER_SUITES.contains(name)) {
                throw tls.at("cipher_suites", "unknown cipher: " + name + " (the names of Go's tls.CipherSuites())");
            }
            if (!available.contains(name)) {
                throw tls.at("cipher_suites", name + " is not available in this Java runtime");
            }
            if (!TLS13_SUITES.contains(name)) {
                suites.add(name);
            }
        }
        // Go does not let cipher_suites restrict TLS 1.3: neither do we
        TLS13_SUITES.stream().filter(available::contains).forEach(suites::add);
        return suites;
    }

    private static String[] jdkSupportedSuites() {
        try {
            return SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites();
        } catch (NoSuchAlgorithmException e) {
            return new String[0];
        }
    }

    private static List<String> curves(ConfigNode tls) {
        List<String> groups = new ArrayList<>();
        for (String name : tls.strings("curve_preferences")) {
            String group = CURVES.get(name);
            if (group == null) {
                throw tls.at("curve_preferences", "unknown curve: " + name + "; use one of "
                        + String.join(", ", Arrays.asList("CurveP256", "CurveP384", "CurveP521", "X25519")));
            }
            groups.add(group);
        }
        return groups;
    }
}
