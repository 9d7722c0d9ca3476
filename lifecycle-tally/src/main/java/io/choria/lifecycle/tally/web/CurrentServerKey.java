package io.choria.lifecycle.tally.web;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** The server certificate and key in force; offered for the key type the handshake asks for. */
final class CurrentServerKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "server";
    private final Supplier<WebConfig> settings;

    CurrentServerKey(Supplier<WebConfig> settings) {
        this.settings = settings;
    }

    private TlsServerConfig tls() {
        return settings.get().tls();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return suits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return suits(keyType) ? ALIAS : null;
    }

    private boolean suits(String keyType) {
        String algorithm = tls().key().getAlgorithm();
        return keyType == null || keyType.equals(algorithm) || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")
                || keyType.equals("EdDSA") && algorithm.startsWith("Ed");
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return suits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? tls().chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? tls().key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}

