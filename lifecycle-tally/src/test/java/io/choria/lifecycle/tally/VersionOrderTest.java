package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
    private static List<String> newestFirst(String... versions) {
        List<String> list = new ArrayList<>(List.of(versions));
        list.sort(VersionOrder.NEWEST_FIRST);
        return list;
    }

    @Test
    void numbersCompareAsNumbers() {
        assertThat(newestFirst("0.9.2", "0.10.0", "0.29.4", "0.31.0", "0.31.2", "1.0"))
                .containsExactly("1.0", "0.31.2", "0.31.0", "0.29.4", "0.10.0", "0.9.2");
    }

    @Test
    void aReleaseIsNewerThanItsPreReleasesWhichFollowSemanticVersioning() {
        assertThat(newestFirst("1.0.0-rc.1", "1.0.0", "1.0.0-beta", "1.0.0-rc.2", "0.9.0", "1.0.0-alpha.1", "1.0.0-alpha"))
                .containsExactly("1.0.0", "1.0.0-rc.2", "1.0.0-rc.1", "1.0.0-beta", "1.0.0-alpha.1", "1.0.0-alpha", "0.9.0");
    }

    @Test
    void prefixesBuildMetadataAndJunkHaveAFixedPlace() {
        assertThat(newestFirst("v1.2.0", "1.3", "1.2.0+build.5", "unknown", "", "\"><svg onload=alert(2)>", "2"))
                .containsExactly("2", "1.3", "v1.2.0", "1.2.0+build.5", "unknown", "\"><svg onload=alert(2)>", "");
    }

    @Test
    void hugeNumbersDoNotOverflow() {
        assertThat(newestFirst("1.99999999999999999999", "1.100000000000000000000", "1.0099"))
                .containsExactly("1.100000000000000000000", "1.99999999999999999999", "1.0099");
    }

    @Test
    void itIsATotalOrderOnRandomVersions() {
        Random random = new Random(5);
        String[] parts = {"0", "1", "01", "10", "2", "a", "rc", "beta", "-", ".", "+", "v", ""};
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(6); j >= 0; j--) {
                b.append(parts[random.nextInt(parts.length)]);
            }
            versions.add(b.toString());
        }
        java.util.Comparator<String> order = VersionOrder.NEWEST_FIRST;
        for (String a : versions) {
            for (String b : versions) {
                int ab = Integer.signum(order.compare(a, b));
                assertThat(ab).as(a + " vs " + b).isEqualTo(-Integer.signum(order.compare(b, a)));
                assertThat(ab == 0).as(a + " vs " + b).isEqualTo(a.equals(b));
            }
        }
        for (int i = 0; i < 20_000; i++) {
            String a = versions.get(random.nextInt(versions.size()));
            String b = versions.get(random.nextInt(versions.size()));
            String c = versions.get(random.nextInt(versions.size()));
            if (order.compare(a, b) <= 0 && order.compare(b, c) <= 0) {
                assertThat(order.compare(a, c)).as(a + " <= " + b + " <= " + c).isLessThanOrEqualTo(0);
            }
        }
    }
}
