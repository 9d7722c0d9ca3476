package io.choria.lifecycle.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeTableTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final ExpiryWindow TEN_MINUTES = ExpiryWindow.of(Duration.ofMinutes(10));

    private final NodeTable table = new NodeTable(TEN_MINUTES, T0);

    @Test
    void aNewNodeHasNoPreviousVersion() {
        assertThat(table.put("server", "n1", "1.0", T0)).isNull();
        assertThat(table.version("server", "n1")).isEqualTo("1.0");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void puttingAKnownNodeReturnsItsPreviousVersion() {
        table.put("server", "n1", "1.0", T0);
        assertThat(table.put("server", "n1", "2.0", T0 + 1000)).isEqualTo("1.0");
        assertThat(table.put("server", "n1", "2.0", T0 + 2000)).isEqualTo("2.0");
        assertThat(table.version("server", "n1")).isEqualTo("2.0");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void nodesAreKeyedByComponentAndIdentity() {
        table.put("server", "n1", "1.0", T0);
        table.put("client", "n1", "9.9", T0);
        assertThat(table.version("server", "n1")).isEqualTo("1.0");
        assertThat(table.version("client", "n1")).isEqualTo("9.9");
        assertThat(table.remove("client", "n1")).isEqualTo("9.9");
        assertThat(table.version("server", "n1")).isEqualTo("1.0");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removingAnUnknownNodeChangesNothing() {
        table.put("server", "n1", "1.0", T0);
        assertThat(table.remove("server", "n2")).isNull();
        assertThat(table.remove("other", "n1")).isNull();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void identitiesAreComparedAsUtf8() {
        table.put("server", "nöde-ü", "1", T0);
        table.put("server", "node-u", "2", T0);
        assertThat(table.version("server", "nöde-ü")).isEqualTo("1");
        assertThat(table.version("server", "node-u")).isEqualTo("2");
    }

    @Test
    void aNodeExpiresOnceItsWindowHasPassedAndNotBefore() {
        table.put("server", "old", "1.0", T0);
        table.put("server", "fresh", "1.0", T0 + 5 * 60_000);
        assertThat(table.expire(T0 + 10 * 60_000 - 1, 100)).isEmpty();
        List<ExpiredNodes> expired = table.expire(T0 + 10 * 60_000 + TEN_MINUTES.maxDelay().toMillis(), 100);
        assertThat(expired).containsExactly(new ExpiredNodes("server", "1.0", 1));
        assertThat(table.version("server", "old")).isNull();
        assertThat(table.version("server", "fresh")).isEqualTo("1.0");
    }

    @Test
    void beingSeenAgainPostponesExpiry() {
        table.put("server", "n1", "1.0", T0);
        table.put("server", "n1", "1.0", T0 + 9 * 60_000);
        assertThat(table.expire(T0 + 12 * 60_000, 100)).isEmpty();
        assertThat(table.expire(T0 + 20 * 60_000, 100)).containsExactly(new ExpiredNodes("server", "1.0", 1));
    }

    @Test
    void lastSeenNeverMovesBackwards() {
        table.put("server", "n1", "1.0", T0 + 60_000);
        table.put("server", "n1", "1.0", T0);
        assertThat(table.lastSeenMillis("server", "n1")).isGreaterThanOrEqualTo(T0 + 60_000 - TEN_MINUTES.tickMillis());
    }

    @Test
    void expiryIsAggregatedByComponentAndVersionAndRespectsTheBudget() {
        for (int i = 0; i < 10; i++) {
            table.put("server", "s" + i, i < 4 ? "1.0" : "2.0", T0);
        }
        table.put("client", "c", "1.0", T0);
        long later = T0 + Duration.ofMinutes(12).toMillis();
        List<ExpiredNodes> first = table.expire(later, 6);
        assertThat(first.stream().mapToInt(ExpiredNodes::count).sum()).isEqualTo(6);
        List<ExpiredNodes> rest = table.expire(later, 100);
        assertThat(rest.stream().mapToInt(ExpiredNodes::count).sum()).isEqualTo(5);
        assertThat(table.size()).isZero();
        Map<String, Integer> byKey = new HashMap<>();
        for (ExpiredNodes e : List.of(first, rest).stream().flatMap(List::stream).toList()) {
            byKey.merge(e.component() + "/" + e.version(), e.count(), Integer::sum);
        }
        assertThat(byKey).containsExactlyInAnyOrderEntriesOf(Map.of("server/1.0", 4, "server/2.0", 6, "client/1.0", 1));
    }

    @Test
    void expiryAfterALongPauseStillFindsEveryNode() {
        for (int i = 0; i < 100; i++) {
            table.put("server", "n" + i, "1", T0 + i * 1000L);
        }
        List<ExpiredNodes> expired = table.expire(T0 + Duration.ofDays(3).toMillis(), 1000);
        assertThat(expired).containsExactly(new ExpiredNodes("server", "1", 100));
    }

    @Test
    void growsIncrementallyAndFindsEveryNodeDuringAndAfterMigration() {
        int n = 50_000;
        boolean sawMigration = false;
        for (int i = 0; i < n; i++) {
            table.put("server", "node-" + i, "v" + (i % 3), T0);
            sawMigration |= table.indexMigrating();
            if (i % 997 == 0) {
                for (int j = 0; j <= i; j += 101) {
                    assertThat(table.version("server", "node-" + j)).isEqualTo("v" + (j % 3));
                }
            }
        }
        assertThat(sawMigration).isTrue();
        assertThat(table.size()).isEqualTo(n);
        assertThat(table.indexCapacity()).isLessThanOrEqualTo(4 * 65536);
        for (int i = 0; i < n; i++) {
            assertThat(table.version("server", "node-" + i)).isEqualTo("v" + (i % 3));
        }
    }

    /**
     * A model of the table (maps of version and last seen) against the table, while time goes on:
     * nodes are seen at times spread over most of an hour, sometimes by events a little older
     * than the ones before (last seen never moves back), so they move between the expiry wheel's
     * buckets, and sweeps forget the ones not seen within the window.
     */
    @Test
    void randomOperationsAgreeWithAModelWhileNodesMoveBetweenBucketsAndExpire() {
        Random random = new Random(42);
        Map<String, String> versions = new HashMap<>();
        Map<String, Long> lastSeen = new HashMap<>();
        long window = TEN_MINUTES.length().toMillis();
        long tick = TEN_MINUTES.tickMillis();
        long now = T0;
        int expiredTotal = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(30);
            String component = random.nextBoolean() ? "server" : "client";
            String identity = "n" + random.nextInt(5000);
            String key = component + "/" + identity;
            int op = random.nextInt(10);
            if (op < 6) {
                String version = "v" + random.nextInt(random.nextBoolean() ? 4 : 400);
                long seen = random.nextInt(10) == 0 ? now - random.nextInt(120_000) : now;
                assertThat(table.put(component, identity, version, seen)).isEqualTo(versions.put(key, version));
                lastSeen.merge(key, seen, Math::max);
            } else if (op < 8) {
                assertThat(table.remove(component, identity)).isEqualTo(versions.remove(key));
                lastSeen.remove(key);
            } else {
                assertThat(table.version(component, identity)).isEqualTo(versions.get(key));
                if (versions.containsKey(key)) {
                    assertThat(table.lastSeenMillis(component, identity))
                            .isBetween(lastSeen.get(key) - tick, lastSeen.get(key));
                }
            }
            if (step % 1000 == 999) {
                expiredTotal += sweepAndCheck(now, window, versions, lastSeen);
                assertThat(table.versionsInUse()).isEqualTo(new java.util.HashSet<>(versions.values()).size());
            }
        }
        assertThat(expiredTotal).as("nodes the sweeps forgot").isGreaterThan(100);
        assertThat(table.size()).isEqualTo(versions.size());
        List<ExpiredNodes> all = table.expire(now + Duration.ofHours(1).toMillis(), Integer.MAX_VALUE);
        assertThat(all.stream().mapToInt(ExpiredNodes::count).sum()).isEqualTo(versions.size());
        assertThat(table.size()).isZero();
    }

    /**
     * Sweeps at {@code now}: a node seen within the window must stay, one not seen for the window
     * and the longest delay must go; in between either is right, and the model follows the table.
     * The counts by component and version must be those of the nodes gone. Returns how many went.
     */
    private int sweepAndCheck(long now, long window, Map<String, String> versions, Map<String, Long> lastSeen) {
        List<ExpiredNodes> expired = table.expire(now, Integer.MAX_VALUE);
        Map<String, Integer> gone = new HashMap<>();
        for (String key : List.copyOf(versions.keySet())) {
            String[] parts = key.split("/", 2);
            long silent = now - lastSeen.get(key);
            String version = table.version(parts[0], parts[1]);
            if (silent <= window) {
                assertThat(version).as("%s silent for %d ms", key, silent).isEqualTo(versions.get(key));
            } else if (silent > window + TEN_MINUTES.maxDelay().toMillis()) {
                assertThat(version).as("%s silent for %d ms", key, silent).isNull();
            }
            if (version == null) {
                gone.merge(parts[0] + "/" + versions.remove(key), 1, Integer::sum);
                lastSeen.remove(key);
            }
        }
        Map<String, Integer> counted = new HashMap<>();
        expired.forEach(e -> counted.merge(e.component() + "/" + e.version(), e.count(), Integer::sum));
        assertThat(counted).isEqualTo(gone);
        return gone.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void freedSlotsAreReused() {
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10_000; i++) {
                table.put("server", "r" + round + "-" + i, "1", T0);
            }
            for (int i = 0; i < 10_000; i++) {
                assertThat(table.remove("server", "r" + round + "-" + i)).isEqualTo("1");
            }
        }
        assertThat(table.size()).isZero();
        assertThat(table.indexCapacity()).isLessThanOrEqualTo(2 * 32768);
    }

    @Test
    void endlessDistinctVersionsOnOneNodeNeverUseUpTheVersionIds() {
        // a publisher looping through versions: only the version a node is on holds an id
        for (int i = 0; i < 3 * Interner.MAX_IDS; i++) {
            table.put("server", "looping", "v" + i, T0);
        }
        assertThat(table.versionsInUse()).isEqualTo(1);
        assertThat(table.put("server", "real", "1.2.3", T0)).isNull();
        assertThat(table.version("server", "real")).isEqualTo("1.2.3");
    }

    @Test
    void versionsOfRemovedAndExpiredNodesAreFreedForReuse() {
        table.put("server", "a", "1.0", T0);
        table.put("server", "b", "2.0", T0);
        table.put("server", "c", "2.0", T0 + 9 * 60_000);
        table.remove("server", "a");
        assertThat(table.versionsInUse()).isEqualTo(1);
        assertThat(table.expire(T0 + 11 * 60_000, 100)).containsExactly(new ExpiredNodes("server", "2.0", 1));
        assertThat(table.versionsInUse()).as("c still holds 2.0").isEqualTo(1);
        assertThat(table.expire(T0 + 30 * 60_000, 100)).containsExactly(new ExpiredNodes("server", "2.0", 1));
        assertThat(table.versionsInUse()).isZero();
    }

    @Test
    void tooManyVersionsInUseAtOnceIsAClearErrorThatLeavesTheTableAsItWas() {
        for (int i = 0; i < Interner.MAX_IDS; i++) {
            table.put("server", "n" + i, "v" + i, T0);
        }
        assertThatThrownBy(() -> table.put("server", "n0", "one-more", T0))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT)).hasMessageContaining("too many distinct versions in use");
        assertThatThrownBy(() -> table.put("server", "new-node", "another", T0))
                .isInstanceOfSatisfying(LifecycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT));
        assertThat(table.version("server", "n0")).isEqualTo("v0");
        assertThat(table.version("server", "new-node")).isNull();
        assertThat(table.size()).isEqualTo(Interner.MAX_IDS);
        table.remove("server", "n1");
        assertThat(table.put("server", "n0", "one-more", T0)).as("a freed id is taken again").isEqualTo("v0");
    }

    /**
     * With a 1 s window "last seen" ticks every 10 ms, so an int tick count ends after 248 days:
     * the table rebases instead, and a year on, nodes still expire on time and keep their last seen.
     */
    @Test
    void expiryKeepsWorkingPastTheRangeOfAnIntTickCount() {
        ExpiryWindow second = ExpiryWindow.of(Duration.ofSeconds(1));
        assertThat(second.tickMillis()).isEqualTo(10);
        NodeTable fast = new NodeTable(second, T0);
        long day = Duration.ofDays(1).toMillis();
        long delay = second.length().toMillis() + second.maxDelay().toMillis();
        fast.put("server", "steady", "1.0", T0);
        for (int d = 1; d <= 366; d++) {
            long now = T0 + d * day;
            fast.put("server", "steady", "1.0", now);
            fast.put("server", "daily", "1.0", now);
            assertThat(fast.expire(now, 100)).as("day %d: both were just seen", d).isEmpty();
            assertThat(fast.lastSeenMillis("server", "daily")).as("day %d", d).isBetween(now - 10, now);
            fast.put("server", "steady", "1.0", now + delay);
            assertThat(fast.expire(now + delay, 100)).as("day %d: daily outlived its window", d)
                    .containsExactly(new ExpiredNodes("server", "1.0", 1));
            assertThat(fast.version("server", "steady")).as("day %d", d).isEqualTo("1.0");
        }
        long yearOfTicks = 366 * day / second.tickMillis();
        assertThat(yearOfTicks).isGreaterThan(Integer.MAX_VALUE);
        // 2^30 ticks of 10 ms are 124 days: the base moved on day 125 and again on day 249
        assertThat(fast.baseMillis()).as("the base time moved with the clock, twice")
                .isBetween(T0 + 240 * day, T0 + 250 * day);
        assertThat(fast.size()).isEqualTo(1);
    }
}
