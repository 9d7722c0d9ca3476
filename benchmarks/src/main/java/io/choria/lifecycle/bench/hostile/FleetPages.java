package io.choria.lifecycle.bench.hostile;

import io.choria.lifecycle.natsserver.DebianPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open fleet pages: each a headless Chromium of its own (Debian's) showing the tally's page, its
 * requests recorded in a net log, so the benchmark reports what the real page asked, not what
 * we think it asks.
 */
final class FleetPages implements AutoCloseable {
    private final List<Process> browsers = new ArrayList<>();
    private final List<Path> netLogs = new ArrayList<>();

    private FleetPages() {
    }

    static FleetPages open(String url, int count, Path dir) throws IOException {
        FleetPages pages = new FleetPages();
        String chromium = DebianPackage.program("chromium", "chromium");
        for (int i = 0; i < count; i++) {
            Path profile = Files.createDirectories(dir.resolve("profile-" + i));
            Path netLog = dir.resolve("net-" + i + ".json");
            pages.netLogs.add(netLog);
            // nothing but the tally: no background requests, and no name resolves (the page is on an IP literal)
            pages.browsers.add(new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    "--no-pings", "--disable-domain-reliability", "--disable-default-apps", "--disable-extensions",
                    "--disable-client-side-phishing-detection", "--disable-features=OptimizationHints,MediaRouter", "--user-data-dir=" + profile,
                    "--log-net-log=" + netLog, "--remote-debugging-port=0", url).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("chromium-" + i + ".log").toFile()).start());
        }
        return pages;
    }

    /** Closes the browsers (their net logs are complete then); what the pages asked, by path. */
    Requests closeAndCount(String origin) throws InterruptedException, IOException {
        close();
        Pattern url = Pattern.compile("\"url\":\"([^\"]*)\"");
        long api = 0;
        long fleet = 0;
        long elsewhere = 0;
        for (Path log : netLogs) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher type = Pattern.compile("\"URL_REQUEST_START_JOB\":(\\d+)").matcher(text);
            if (!type.find()) {
                continue;
            }
            String start = "\"type\":" + type.group(1) + "}";
            for (String line : text.split("\n")) {
                Matcher m = url.matcher(line);
                if (!line.contains(start) || !m.find()) {
                    continue; // one URL_REQUEST_START_JOB event per request, one event per line
                }
                String u = m.group(1);
                if (!u.startsWith(origin)) {
                    elsewhere++;
                } else if (u.startsWith(origin + "/api/")) {
                    api++;
                    fleet += u.startsWith(origin + "/api/fleet") ? 1 : 0;
                }
            }
        }
        return new Requests(api, fleet, elsewhere);
    }

    /** Requests of all pages: to the API, to /api/fleet of those, and to anything but the tally (should be 0). */
    record Requests(long api, long fleet, long elsewhere) {
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : browsers) {
            p.destroy();
        }
        for (Process p : browsers) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
