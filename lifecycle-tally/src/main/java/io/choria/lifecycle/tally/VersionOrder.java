package io.choria.lifecycle.tally;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders version strings the way a person reads them, newest first: dotted numbers compare as
 * numbers ({@code 0.10.0} newer than {@code 0.9.2}), a pre-release ({@code 1.0.0-rc.1}) comes before
 * its release, build metadata ({@code +abc}) is ignored, and anything else falls back to text
 * order, so every pair of distinct strings has one fixed order. Choria's versions are semantic
 * versions; this also copes with {@code v1.2}, {@code 1.2} versus {@code 1.2.0}, or junk (oldest).
 */
final class VersionOrder implements Comparator<String> {
    /** Newest first. */
    static final Comparator<String> NEWEST_FIRST = new VersionOrder().reversed();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] pa = split(a);
        String[] pb = split(b);
        int c = compareFields(fields(pa[0]), fields(pb[0]), -1);
        if (c != 0) {
            return c;
        }
        if (pa[1] == null || pb[1] == null) {
            c = pa[1] == null ? (pb[1] == null ? 0 : 1) : -1; // a release is newer than its pre-releases
        } else {
            c = compareFields(fields(pa[1]), fields(pb[1]), 1);
        }
        return c != 0 ? c : a.compareTo(b);
    }

    /** {core, pre-release or null}, without a leading v and build metadata. */
    private static String[] split(String v) {
        boolean prefixed = v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V') && Character.isDigit(v.charAt(1));
        String s = prefixed ? v.substring(1) : v;
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        int dash = s.indexOf('-');
        return dash < 0 ? new String[] {s, null} : new String[] {s.substring(0, dash), s.substring(dash + 1)};
    }

    private static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        for (String f : s.split("[.]", -1)) {
            out.add(f);
        }
        return out;
    }

    /**
     * Field by field, numbers as numbers, a missing field as 0. A word against a number compares
     * as {@code wordVersusNumber}: older in the release part (so {@code unknown} or junk never
     * counts as the newest version), newer in the pre-release part (semantic versioning's rule).
     */
    private static int compareFields(List<String> a, List<String> b, int wordVersusNumber) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "0";
            String y = i < b.size() ? b.get(i) : "0";
            boolean nx = isNumber(x);
            boolean ny = isNumber(y);
            int c;
            if (nx && ny) {
                c = compareNumbers(x, y);
            } else if (nx != ny) {
                c = nx ? -wordVersusNumber : wordVersusNumber;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digit strings of any length, without overflow: fewer significant digits is smaller. */
    private static int compareNumbers(String x, String y) {
        String a = x.replaceFirst("^0+(?=.)", "");
        String b = y.replaceFirst("^0+(?=.)", "");
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
