package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.nats.internal.PemFiles;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.nats.testing.TestPki;
import io.choria.lifecycle.tally.web.Htpasswd;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fleet page in headless Chromium over HTTPS with basic auth, as an operator opens a tally
 * secured by a web configuration file: it works with the user, and is a 401 without.
 */
class SecuredFleetPageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @TempDir
    static Path dir;
    private static NatsServerProcess server;
    private static Connection publisher;
    private static Connection connection;
    private static Tally tally;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static Integer seenStatus;

    @BeforeAll
    static void startSecuredTally() throws Exception {
        TestPki site = TestPki.create(dir, "site");
        Path[] cert = site.issueServer("tally");
        Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: " + cert[0]
                + "\n  key_file: " + cert[1] + "\nbasic_auth_users:\n  operator: " + Htpasswd.hash("s3cret", 6) + "\n");
        server = NatsServerProcess.start();
        publisher = Nats.connect(server.url());
        connection = Nats.connect(server.url());
        tally = Tally.builder().connection(connection).component("*").prefix("choria_tally").port(0).bind("127.0.0.1")
                .replay(false).webConfigFile(web).start();
        for (int i = 1; i <= 12; i++) {
            publish(Events.alive("server", String.format("web-%02d.example.net", i), "1.2.3"));
        }
        publisher.flush(Duration.ofSeconds(5));
        Poll.until(WAIT, () -> tally.recorder().nodes() == 12, () -> "12 nodes tallied");
        // Chromium trusts the test certificate by its key alone, not every certificate
        byte[] spki = PemFiles.certificates(cert[0]).get(0).getPublicKey().getEncoded();
        String pin = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        chromium = HeadlessChromium.start(true, "--ignore-certificate-errors-spki-list=" + pin);
        browser = chromium.driver();
        browser.executeCdpCommand("Network.enable", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (tally != null) {
            tally.close();
        }
        connection.close();
        publisher.close();
        server.close();
    }

    private static void publish(LifecycleEvent e) {
        publisher.publish(e.target(), Events.json(e));
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(50)).withMessage(() -> what + " at " + browser.getCurrentUrl()
                        + ": " + browser.getPageSource().substring(0, Math.min(600, browser.getPageSource().length())))
                .ignoring(StaleElementReferenceException.class).until(d -> condition.getAsBoolean());
    }

    @Test
    void withoutCredentialsThePageIsA401() {
        String url = "https://127.0.0.1:" + tally.port() + "/";
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
        browser.manage().logs().get("performance"); // drop what earlier tests logged
        seenStatus = null;
        browser.get(url);
        waitFor("the answer to " + url, () -> status(url) != null);
        assertThat(status(url)).isEqualTo(401);
        assertThat(browser.findElements(By.cssSelector("tr[data-component]"))).isEmpty();
    }

    /**
     * With the user's credentials on every request, as the browser sends them once the operator
     * has answered its prompt (headless Chromium shows no prompt: DevTools adds the header).
     */
    @Test
    void withTheUserThePageCountsListsAndFollowsTheFeed() {
        String credentials = Base64.getEncoder().encodeToString("operator:s3cret".getBytes(StandardCharsets.UTF_8));
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers",
                Map.of("Authorization", "Basic " + credentials)));
        browser.get("https://127.0.0.1:" + tally.port() + "/");
        waitFor("the versions table", () -> row("server", "1.2.3") != null);
        assertThat(row("server", "1.2.3").findElement(By.cssSelector("td.nodes")).getText()).isEqualTo("12");

        row("server", "1.2.3").click();
        waitFor("the nodes of 1.2.3", () -> browser.findElements(By.cssSelector("#nodes-table tbody td.identity")).size() == 12);
        assertThat(browser.findElements(By.cssSelector("#nodes-table tbody td.identity")).get(0).getText())
                .isEqualTo("web-01.example.net");

        waitFor("the live feed to connect", () -> browser.findElement(By.id("feed-status")).getText().equals("live"));
        String identity = "fresh-" + UUID.randomUUID() + ".example.net";
        publish(Events.startup("server", identity, "1.2.4"));
        waitFor("the event in the feed", () -> browser.findElements(By.cssSelector("#feed li .identity")).stream()
                .map(WebElement::getText).toList().contains(identity));
        waitFor("the new version in the table", () -> row("server", "1.2.4") != null);
    }

    /**
     * The HTTP status Chromium's performance log has shown for {@code url}, or null before it came
     * (reading the log takes its entries, so what was seen is kept).
     */
    private static Integer status(String url) {
        for (LogEntry entry : browser.manage().logs().get("performance")) {
            String message = entry.getMessage();
            if (message.contains("\"Network.responseReceived\"") && message.contains("\"url\":\"" + url + "\"")) {
                Matcher m = Pattern.compile("\"status\":(\\d{3})").matcher(message);
                if (m.find()) {
                    seenStatus = Integer.parseInt(m.group(1));
                }
            }
        }
        return seenStatus;
    }

    private static WebElement row(String component, String version) {
        List<WebElement> rows = browser.findElements(By.cssSelector("tr[data-component]"));
        return rows.stream().filter(r -> component.equals(r.getDomAttribute("data-component"))
                && version.equals(r.getDomAttribute("data-version"))).findFirst().orElse(null);
    }
}
