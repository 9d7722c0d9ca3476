package io.choria.lifecycle.tally.web;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code tls_server_config.client_auth_type}: Go's {@code tls.ClientAuthType}, by the names the
 * exporter-toolkit reads. Only {@link #REQUIRE_AND_VERIFY_CLIENT_CERT} authenticates clients; the
 * others exist for the same files to mean the same here as in node_exporter.
 */
enum ClientAuthType {
    NO_CLIENT_CERT("NoClientCert", false, false, false),
    REQUEST_CLIENT_CERT("RequestClientCert", true, false, false),
    REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", true, true, false),
    VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
    REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", true, true, true);

    private final String goName;
    /** Whether the server asks for a certificate, must have one, and checks it against client_ca_file. */
    final boolean requested;
    final boolean required;
    final boolean verified;

    ClientAuthType(String goName, boolean requested, boolean required, boolean verified) {
        this.goName = goName;
        this.requested = requested;
        this.required = required;
        this.verified = verified;
    }

    /** The type named {@code name}; empty and the toolkit's old {@code RequireClientCert} are read as it reads them. */
    static Optional<ClientAuthType> named(String name) {
        if (name.isEmpty()) {
            return Optional.of(NO_CLIENT_CERT);
        }
        if (name.equals("RequireClientCert")) {
            return Optional.of(REQUIRE_ANY_CLIENT_CERT);
        }
        return Arrays.stream(values()).filter(t -> t.goName.equals(name)).findFirst();
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(t -> t.goName).toList());
    }

    @Override
    public String toString() {
        return goName;
    }
}
