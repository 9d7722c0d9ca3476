package io.choria.lifecycle.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The tally's fleet (component → version → nodes) beside the simulator's truth, row by row. */
record FleetComparison(Map<String, Map<String, Long>> tally, Map<String, Map<String, Long>> truth) {
    private static final String ROW = "  %-22s %-15s %8s %10s%s"; // versions as long as 0.1.0-SNAPSHOT

    /** One (component, version) and both counts; 0 where a side has none. */
    record Row(String component, String version, long tally, long truth) {
        boolean matches() {
            return tally == truth;
        }
    }

    List<Row> rows() {
        Map<String, TreeSet<String>> keys = new TreeMap<>();
        for (Map<String, Map<String, Long>> side : List.of(tally, truth)) {
            side.forEach((component, versions) -> keys.computeIfAbsent(component, c -> new TreeSet<>()).addAll(versions.keySet()));
        }
        List<Row> rows = new ArrayList<>();
        keys.forEach((component, versions) -> versions.forEach(v -> rows.add(
                new Row(component, v, count(tally, component, v), count(truth, component, v)))));
        return rows;
    }

    boolean matches() {
        return rows().stream().allMatch(Row::matches);
    }

    /** The table: a header, one line per (component, version), the totals. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, ROW, "COMPONENT", "VERSION", "TALLY", "SIMULATED", ""));
        long tallyTotal = 0;
        long truthTotal = 0;
        for (Row r : rows()) {
            lines.add(String.format(Locale.ROOT, ROW, r.component(), r.version(), number(r.tally()), number(r.truth()),
                    r.matches() ? "" : "   <- differs"));
            tallyTotal += r.tally();
            truthTotal += r.truth();
        }
        lines.add(String.format(Locale.ROOT, ROW, "all", "", number(tallyTotal), number(truthTotal), ""));
        return lines;
    }

    /** One line per row that differs. */
    List<String> differences() {
        return rows().stream().filter(r -> !r.matches())
                .map(r -> String.format(Locale.ROOT, "%s %s: %s nodes in the tally, %s simulated",
                        r.component(), r.version(), number(r.tally()), number(r.truth())))
                .toList();
    }

    private static long count(Map<String, Map<String, Long>> side, String component, String version) {
        return side.getOrDefault(component, Map.of()).getOrDefault(version, 0L);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
