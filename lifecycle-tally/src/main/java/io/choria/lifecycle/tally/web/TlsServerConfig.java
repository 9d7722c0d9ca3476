package io.choria.lifecycle.tally.web;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The {@code tls_server_config} of a web configuration, read and its PEM loaded: what one TLS
 * handshake needs. A new one is read when the file or a PEM file it names changes.
 *
 * @param chain the server's certificate chain, leaf first
 * @param clientCas the trust anchors for client certificates (empty without client_ca_file)
 * @param clientAllowedSans SANs of which a client certificate must hold one (empty: any)
 * @param protocols the JDK's protocol names from min_version to max_version
 * @param cipherSuites the JDK names of cipher_suites, or of Go's default suites, in the server's order of
 *        preference, with the TLS 1.3 suites added
 * @param namedGroups the JDK names of curve_preferences (see {@link ServerTls} for what Java 17 makes of them)
 * @param files the PEM files read, watched for changes
 */
record TlsServerConfig(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientCas,
                       ClientAuthType clientAuth, List<String> clientAllowedSans, List<String> protocols,
                       List<String> cipherSuites, List<String> namedGroups,
                       List<Path> files) {
    TlsServerConfig {
        chain = List.copyOf(chain);
        clientCas = List.copyOf(clientCas);
        clientAllowedSans = List.copyOf(clientAllowedSans);
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        namedGroups = List.copyOf(namedGroups);
        files = List.copyOf(files);
    }
}
