package io.choria.lifecycle.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.nats.internal.PemFiles;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.nats.testing.TestPki.KeyEncoding;
import io.nats.client.Connection;
import io.nats.client.support.NatsInetAddress;
import io.nats.client.support.NatsInetAddressProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's certificate is checked against the host of the URL connected to, never against
 * the address that host resolved to, and that host is sent as SNI. Each case starts a real
 * TLS-only nats-server with a certificate made for it; {@code localhost} resolves to loopback
 * through the system resolver.
 */
class TlsHostNameTest {
    @TempDir
    static Path dir;
    private static TestPki site;
    private static Path[] client;

    @BeforeAll
    static void makePki() {
        site = TestPki.create(dir, "names");
        client = site.issueClient("operator.mcollective", KeyEncoding.PKCS1_RSA);
    }

    @Test
    void aCertificateWithOnlyTheDnsNameIsAcceptedWhenReachedByThatName() {
        assertThat(connects(List.of("localhost"), List.of(), "localhost")).isTrue();
    }

    @Test
    void aCertificateWithOnlyTheDnsNameIsRefusedWhenReachedByAddress() {
        assertThat(refusal(List.of("localhost"), List.of(), "127.0.0.1"))
                .endsWith(": the broker's TLS certificate CN=broker is for DNS:localhost, not for 127.0.0.1;"
                        + " connect by a name the certificate holds, or give the broker a certificate for this one");
    }

    @Test
    void aCertificateWithOnlyTheAddressIsAcceptedWhenReachedByAddress() {
        assertThat(connects(List.of(), List.of("127.0.0.1"), "127.0.0.1")).isTrue();
    }

    @Test
    void aCertificateWithOnlyTheAddressIsRefusedWhenReachedByName() {
        assertThat(refusal(List.of(), List.of("127.0.0.1"), "localhost"))
                .contains("the broker's TLS certificate CN=broker is for IP:127.0.0.1, not for localhost;");
    }

    @Test
    void aCertificateWithNameAndAddressIsAcceptedBothWays() {
        assertThat(connects(List.of("localhost"), List.of("127.0.0.1"), "localhost")).isTrue();
        assertThat(connects(List.of("localhost"), List.of("127.0.0.1"), "127.0.0.1")).isTrue();
    }

    @Test
    void aCertificateIssuedForAnotherHostIsRefusedEvenWhenItsAddressMatches() {
        // the security bug: the address used to be checked instead of the name, and this passed
        assertThat(refusal(List.of("wrong.example.net"), List.of("127.0.0.1"), "localhost"))
                .contains("the broker's TLS certificate CN=broker is for DNS:wrong.example.net, IP:127.0.0.1,"
                        + " not for localhost;");
    }

    @Test
    void aQualifiedBrokerNameIsCheckedAsConfiguredWhateverItResolvesTo() {
        // jnats resolves names through NatsInetAddress: point a site-like name at loopback
        NatsInetAddress.setProvider(new NatsInetAddressProvider() {
            @Override
            public InetAddress[] getAllByName(String host) throws UnknownHostException {
                return host.endsWith(".choria.test") ? new InetAddress[] {InetAddress.getLoopbackAddress()}
                        : InetAddress.getAllByName(host);
            }
        });
        try {
            assertThat(connects(List.of("broker1.choria.test"), List.of(), "broker1.choria.test")).isTrue();
            assertThat(refusal(List.of("broker1.choria.test"), List.of(), "broker2.choria.test"))
                    .contains("is for DNS:broker1.choria.test, not for broker2.choria.test;");
        } finally {
            NatsInetAddress.setProvider(null);
        }
    }

    @Test
    void theHostNameIsSentAsSni() throws Exception {
        Path[] broker = site.issueServerWith("sni-broker", List.of("localhost"), List.of());
        try (FakeTlsBroker fake = new FakeTlsBroker(broker)) {
            ConnectionSettings settings = ConnectionSettings.builder().server("nats://localhost:" + fake.port())
                    .tls(client[0], client[1], site.caFile()).build();
            assertThatThrownBy(() -> NatsConnector.connect(settings)).isInstanceOf(LifecycleException.class);
            assertThat(fake.serverName.get(10, TimeUnit.SECONDS)).isEqualTo("localhost");
        }
    }

    private static boolean connects(List<String> dns, List<String> ips, String host) {
        Path[] broker = site.issueServerWith("broker", dns, ips);
        try (NatsServerProcess server = start(broker);
             Connection c = NatsConnector.connect(settings(host, server))) {
            return c.getStatus() == Connection.Status.CONNECTED;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refusal(List<String> dns, List<String> ips, String host) {
        Path[] broker = site.issueServerWith("broker", dns, ips);
        try (NatsServerProcess server = start(broker)) {
            ConnectionSettings settings = settings(host, server);
            try (Connection c = NatsConnector.connect(settings)) {
                throw new AssertionError("connected to " + host + " with a certificate for " + dns + " " + ips);
            } catch (LifecycleException e) {
                assertThat(e.getMessage()).startsWith("cannot connect to nats://" + host + ":" + server.port() + ": ");
                return e.getMessage();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static ConnectionSettings settings(String host, NatsServerProcess server) {
        return ConnectionSettings.builder().server("nats://" + host + ":" + server.port())
                .tls(client[0], client[1], site.caFile()).build();
    }

    private static NatsServerProcess start(Path[] broker) {
        return NatsServerProcess.start(false, "tls {\n  cert_file: \"" + broker[0] + "\"\n  key_file: \""
                + broker[1] + "\"\n  ca_file: \"" + site.caFile() + "\"\n  verify: true\n}");
    }

    /**
     * Speaks just enough NATS to be upgraded to TLS (the INFO line), then records the SNI name the
     * client asks for during the handshake. nats-server does not log SNI, hence this stand-in.
     */
    private static final class FakeTlsBroker implements AutoCloseable {
        final CompletableFuture<String> serverName = new CompletableFuture<>();
        private final ServerSocket listener;
        private final Thread thread;

        FakeTlsBroker(Path[] certificateAndKey) throws Exception {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            SSLContext tls = serverContext(certificateAndKey);
            thread = new Thread(() -> serve(tls), "fake-tls-broker");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve(SSLContext tls) {
            try (Socket plain = listener.accept()) {
                OutputStream out = plain.getOutputStream();
                out.write(("INFO {\"server_id\":\"fake\",\"version\":\"2.9.10\",\"proto\":1,\"host\":\"127.0.0.1\","
                        + "\"port\":" + port() + ",\"max_payload\":1048576,\"tls_required\":true}\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), false);
                secure.setUseClientMode(false);
                SSLParameters p = secure.getSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        serverName.complete(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                secure.setSSLParameters(p);
                secure.startHandshake();
                serverName.complete("(none)");
            } catch (IOException e) {
                serverName.complete("(none: " + e + ")");
            }
        }

        private static SSLContext serverContext(Path[] certificateAndKey) throws Exception {
            List<X509Certificate> chain = PemFiles.certificates(certificateAndKey[0]);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("broker", PemFiles.privateKey(certificateAndKey[1]), new char[0],
                    chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
