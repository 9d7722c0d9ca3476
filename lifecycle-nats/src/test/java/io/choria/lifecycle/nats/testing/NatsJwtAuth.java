package io.choria.lifecycle.nats.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Decentralised NATS authentication for tests, as {@code nsc} would set it up: an operator, one
 * account signed by it, and a user of that account whose {@code .creds} file a client connects
 * with. {@link #serverConfig()} makes a {@code nats-server} trust the operator and know the account
 * (a memory resolver), so the server refuses every connection without a valid user JWT.
 */
public final class NatsJwtAuth {
    private static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}";
    private final String operatorJwt;
    private final String accountPublicKey;
    private final String accountJwt;
    private final NKey account;

    private NatsJwtAuth(NKey operator, NKey account) throws GeneralSecurityException, IOException {
        String operatorKey = new String(operator.getPublicKey());
        this.account = account;
        this.accountPublicKey = new String(account.getPublicKey());
        this.operatorJwt = sign(operator, claims(operatorKey, operatorKey, "test-operator",
                "{\"type\":\"operator\",\"version\":2}"));
        this.accountJwt = sign(operator, claims(operatorKey, accountPublicKey, "test-account",
                "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                        + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1},\"default_permissions\":{\"pub\":{},\"sub\":{}},"
                        + "\"type\":\"account\",\"version\":2}"));
    }

    /** A new operator and account. */
    public static NatsJwtAuth create() {
        try {
            SecureRandom random = new SecureRandom();
            return new NatsJwtAuth(NKey.createOperator(random), NKey.createAccount(random));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make NATS keys", e);
        }
    }

    /** The {@code nats-server} configuration lines that trust the operator and preload the account. */
    public String serverConfig() {
        return "operator: " + operatorJwt + "\nresolver: MEMORY\nresolver_preload: {\n  " + accountPublicKey + ": "
                + accountJwt + "\n}";
    }

    /** Writes a new user's {@code .creds} file (its JWT, signed by the account, and its seed) to {@code file}. */
    public Path writeUserCredentials(Path file, String name) {
        try {
            NKey user = NKey.createUser(new SecureRandom());
            String jwt = JwtUtils.issueUserJWT(account, accountPublicKey, new String(user.getPublicKey()), name);
            Files.writeString(file, "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                    + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n");
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private static String claims(String issuer, String subject, String name, String nats) {
        return "{\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + System.currentTimeMillis() / 1000 + ",\"iss\":\""
                + issuer + "\",\"name\":\"" + name + "\",\"sub\":\"" + subject + "\",\"nats\":" + nats + "}";
    }

    private static String sign(NKey signer, String claims) throws GeneralSecurityException, IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String body = b64.encodeToString(HEADER.getBytes(UTF_8)) + "." + b64.encodeToString(claims.getBytes(UTF_8));
        return body + "." + b64.encodeToString(signer.sign(body.getBytes(UTF_8)));
    }
}
