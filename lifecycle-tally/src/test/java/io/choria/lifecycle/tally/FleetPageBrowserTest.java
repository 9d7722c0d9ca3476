package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.nats.testing.Poll;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.natsserver.NatsServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fleet page in a real browser (headless Chromium) against a tally fed over a real
 * nats-server: what it shows is what {@code /metrics} says, clicks list the right nodes, live
 * events arrive, and data from the network never becomes markup or script.
 */
class FleetPageBrowserTest {
    private static final String HOSTILE_IDENTITY = "<img src=x onerror=alert(1)>";
    private static final String HOSTILE_VERSION = "\"><svg onload=alert(2)>";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static NatsServerProcess server;
    private static Connection publisher;
    private static Connection connection;
    private static Tally tally;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static final List<String> ON_123 = IntStream.rangeClosed(1, 60).mapToObj(i -> String.format("node-%03d.example.net", i)).toList();

    @BeforeAll
    static void startFleet() throws Exception {
        server = NatsServerProcess.start();
        publisher = Nats.connect(server.url());
        connection = Nats.connect(server.url());
        tally = Tally.builder().connection(connection).component("*").prefix("choria_tally").port(0).bind("127.0.0.1")
                .replay(false).start();
        ON_123.forEach(id -> publish(Events.alive("server", id, "1.2.3")));
        for (int i = 1; i <= 7; i++) {
            publish(Events.startup("server", "new-" + i + ".example.net", "1.2.4"));
        }
        for (int i = 1; i <= 3; i++) {
            publish(Events.alive("server", "old-" + i + ".example.net", "1.1.0"));
        }
        publish(Events.alive("server", HOSTILE_IDENTITY, "1.1.0"));
        publish(Events.alive("server", "odd.example.net", HOSTILE_VERSION));
        publish(Events.alive("broker", "broker-1.example.net", "2.10.22"));
        publish(Events.alive("broker", "broker-2.example.net", "2.10.22"));
        publisher.flush(Duration.ofSeconds(5));
        Poll.until(WAIT, () -> tally.recorder().nodes() == 74, () -> "74 nodes tallied");
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stopFleet() throws Exception {
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

    @BeforeEach
    void openThePage() {
        browser.get(base() + "/");
        waitFor("the versions table", () -> row("server", "1.2.3") != null);
    }

    private static String base() {
        return "http://127.0.0.1:" + tally.port();
    }

    private static void publish(LifecycleEvent e) {
        publisher.publish(e.target(), Events.json(e));
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        waitFor(WAIT, what, condition);
    }

    private static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(d -> condition.getAsBoolean());
    }

    private static WebElement row(String component, String version) {
        return browser.findElements(By.cssSelector("tr[data-component]")).stream()
                .filter(r -> component.equals(r.getDomAttribute("data-component")) && version.equals(r.getDomAttribute("data-version")))
                .findFirst().orElse(null);
    }

    /** component/version → nodes, as the page's versions table shows them (read in one go: the page updates itself). */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> pageTable() {
        List<List<String>> rows = (List<List<String>>) browser.executeScript(
                "return Array.from(document.querySelectorAll('tr[data-component]'))"
                        + ".map(r => [r.dataset.component, r.dataset.version, r.querySelector('td.nodes').textContent]);");
        Map<String, Long> out = new TreeMap<>();
        for (List<String> r : rows) {
            out.put(r.get(0) + "/" + r.get(1), Long.parseLong(r.get(2)));
        }
        return out;
    }

    /** component/version → nodes from a /metrics scrape: the versions gauge summed over active, zeros left out. */
    private static Map<String, Long> metricsTable() {
        Map<String, Long> out = new TreeMap<>();
        Exposition.scrape(tally.port()).samples().forEach((series, value) -> {
            if (series.startsWith("choria_tally_versions{") && value != 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("component=\"((?:[^\"\\\\]|\\\\.)*)\",version=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(series);
                assertThat(m.find()).as(series).isTrue();
                out.merge(m.group(1) + "/" + m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"), Math.round(value), Long::sum);
            }
        });
        return out;
    }

    /** The identities the node list shows, as text, read in one go. */
    @SuppressWarnings("unchecked")
    private static List<String> listedIdentities() {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#nodes-table tbody td.identity')).map(td => td.textContent);");
    }

    @Test
    void theVersionsTableEqualsMetrics() {
        waitFor("the page to show every version", () -> pageTable().size() == 5);
        Map<String, Long> page = pageTable();
        assertThat(page).isEqualTo(metricsTable());
        assertThat(page).containsEntry("server/1.2.3", 60L).containsEntry("server/1.2.4", 7L)
                .containsEntry("server/1.1.0", 4L).containsEntry("broker/2.10.22", 2L);
        assertThat(browser.findElement(By.cssSelector("section.component[data-component=server] .summary")).getText())
                .contains("72 nodes", "newest version 1.2.4", "65 not on it");
        assertThat(browser.findElement(By.id("instance-state")).getText()).startsWith("active (no election) since");
        assertThat(browser.findElement(By.id("instance-nodes")).getText()).isEqualTo("74");
    }

    @Test
    void clickingAVersionListsItsNodesPagedAndSearchable() {
        row("server", "1.2.3").click();
        waitFor("the first page of nodes", () -> listedIdentities().size() == 50);
        assertThat(listedIdentities()).isEqualTo(ON_123.subList(0, 50));
        assertThat(browser.findElement(By.id("nodes-range")).getText()).isEqualTo("1–50 of 60");
        browser.findElement(By.id("nodes-next")).click();
        waitFor("the second page", () -> listedIdentities().equals(ON_123.subList(50, 60)));
        assertThat(browser.findElement(By.id("nodes-next")).isEnabled()).isFalse();
        browser.findElement(By.id("nodes-prev")).click();
        waitFor("the first page again", () -> listedIdentities().equals(ON_123.subList(0, 50)));
        browser.findElement(By.id("nodes-search")).sendKeys("NODE-00");
        waitFor("the search result", () -> listedIdentities().equals(ON_123.subList(0, 9)));
        row("server", "1.2.4").click();
        waitFor("the other version's nodes", () -> listedIdentities().equals(
                IntStream.rangeClosed(1, 7).mapToObj(i -> "new-" + i + ".example.net").toList()));
    }

    @Test
    void aNewEventAppearsInTheFeedWithinTwoSecondsAndTheTableFollowsWithoutAReload() {
        WebElement body = browser.findElement(By.tagName("body"));
        waitFor("the live feed to connect", () -> browser.findElement(By.id("feed-status")).getText().equals("live"));
        String identity = "fresh-" + UUID.randomUUID() + ".example.net";
        publish(Events.startup("server", identity, "9.9.9"));
        long sent = System.nanoTime();
        waitFor(Duration.ofSeconds(2), "the event in the feed within 2 s", () -> browser.findElements(By.cssSelector("#feed li .identity"))
                .stream().anyMatch(e -> e.getText().equals(identity)));
        long tookMillis = (System.nanoTime() - sent) / 1_000_000;
        assertThat(tookMillis).isLessThanOrEqualTo(2000);
        waitFor("the new version in the table", () -> row("server", "9.9.9") != null);
        assertThat(row("server", "9.9.9").findElement(By.cssSelector("td.nodes")).getText()).isEqualTo("1");
        assertThat(body.isDisplayed()).as("the page was not reloaded").isTrue(); // a reload would make it stale
        publish(Events.shutdown("server", identity));
        waitFor("the version to go when its last node shuts down", () -> row("server", "9.9.9") == null);
    }

    @Test
    void aTallyWithinItsLimitsShowsNoBanner() {
        assertThat(browser.findElement(By.id("limits")).isDisplayed()).isFalse();
    }

    @Test
    void aTallyAtItsLimitsSaysSoAboveTheCounts() throws Exception {
        // a broker of its own, so that the fleet the other tests count does not change
        try (NatsServerProcess own = NatsServerProcess.start(); Connection c = Nats.connect(own.url());
             Tally limited = Tally.builder().connection(c).component("*").prefix("choria_tally").port(0).bind("127.0.0.1")
                     .replay(false).maxNodes(3).maxVersions(1).start()) {
            for (LifecycleEvent e : List.of(Events.alive("client", "c1.example.net", "1.0"),
                    Events.alive("client", "c2.example.net", "2.0"), Events.alive("client", "c3.example.net", "1.0"),
                    Events.alive("client", "c4.example.net", "1.0"))) {
                c.publish(e.target(), Events.json(e));
            }
            c.flush(Duration.ofSeconds(5));
            Poll.until(WAIT, () -> limited.recorder().refusals().total(Refusals.Reason.NODE_LIMIT) == 1, () -> "c4 refused");
            browser.get("http://127.0.0.1:" + limited.port() + "/");
            waitFor("the limits banner", () -> browser.findElement(By.id("limit-nodes")).isDisplayed());
            assertThat(browser.findElement(By.id("limit-nodes")).getText()).startsWith("Node limit reached: this tally tracks"
                    + " at most 3 nodes (--max-nodes, by default what its heap holds), so new nodes are not counted here:"
                    + " 1 event refused since the start, the last at ");
            assertThat(browser.findElement(By.id("limit-versions")).getText()).startsWith("Version limit reached: at most 1"
                    + " versions per component are shown (--max-versions); 1 node on a further version is tracked but not"
                    + " in the tables below: 1 event refused since the start, the last at ");
            waitFor("the client table", () -> row("client", "1.0") != null);
            assertThat(row("client", "2.0")).as("a version over the limit has no row").isNull();
        }
    }

    @Test
    void hostileDataFromTheNetworkStaysText() {
        row("server", "1.1.0").click();
        waitFor("the nodes of 1.1.0", () -> listedIdentities().contains(HOSTILE_IDENTITY));
        assertThat(listedIdentities()).containsExactly(HOSTILE_IDENTITY, "old-1.example.net", "old-2.example.net", "old-3.example.net");
        WebElement odd = row("server", HOSTILE_VERSION);
        assertThat(odd).isNotNull();
        assertThat(odd.findElement(By.cssSelector("td.version")).getText()).isEqualTo(HOSTILE_VERSION);
        publish(Events.alive("server", HOSTILE_IDENTITY, "1.1.0"));
        waitFor("the hostile identity in the feed", () -> browser.findElements(By.cssSelector("#feed li .identity"))
                .stream().anyMatch(e -> e.getText().equals(HOSTILE_IDENTITY)));
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("svg"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void thePolicyStopsInlineScriptEvenIfMarkupGotIn() {
        browser.executeScript("document.body.insertAdjacentHTML('beforeend',"
                + " '<img id=probe src=nothing-here onerror=\"document.title=\\'ran\\'\">')");
        waitFor("the probe image to fail loading", () -> Boolean.TRUE.equals(browser.executeScript(
                "const i = document.getElementById('probe'); return i.complete && i.naturalWidth === 0;")));
        Poll.pause(300);
        assertThat(browser.getTitle()).isEqualTo("Choria fleet");
    }

    @Test
    void aScreenshotShowsTheFleet() throws Exception {
        row("server", "1.2.3").click();
        waitFor("the nodes list", () -> listedIdentities().size() == 50);
        List<String> identities = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String id = "screenshot-" + i + ".example.net";
            identities.add(id);
            publish(Events.alive("server", id, "1.2.4"));
        }
        waitFor("the events in the feed", () -> browser.findElements(By.cssSelector("#feed li .identity")).stream()
                .map(WebElement::getText).toList().containsAll(identities));
        Poll.pause(1600); // let the "new event" highlight fade
        Path shot = Path.of("target", "fleet-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        byte[] png = Files.readAllBytes(shot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).isGreaterThan(20_000);
        for (String id : identities) {
            publish(Events.shutdown("server", id));
        }
    }
}
