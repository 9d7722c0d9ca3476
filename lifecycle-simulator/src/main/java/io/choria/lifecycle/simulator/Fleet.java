package io.choria.lifecycle.simulator;

/**
 * The simulated fleet: who each node is and where it stands in its story, one array per field
 * (a few dozen bytes per node, so 100,000 nodes fit in a few megabytes and no object per node).
 * Everything here follows from the seed: the same seed gives the same fleet.
 *
 * <p>The mix is what a Choria site looks like: mostly servers, a few brokers, a few servers
 * still in provisioning mode; most nodes send CloudEvents, some the bare Choria format, a few
 * old ones the legacy {@code choria:lifecycle:<type>:1} protocol names; a quarter of the servers
 * run a Choria Scout check (an Autonomous Agent machine with an exec watcher).
 */
final class Fleet {
    static final String SERVER = "server";
    static final String BROKER = "broker";
    static final String PROVISIONING = "provision_mode_server";
    /** The releases the fleet runs, oldest first; upgrades move a node one step up. */
    static final String[] VERSIONS = {"0.29.4", "0.30.1", "0.31.0", "0.31.2"};
    /** The share of nodes starting on each release: nobody has the newest yet. */
    private static final double[] STARTING_SHARES = {0.10, 0.30, 0.60, 0.0};

    static final byte KIND_SERVER = 0;
    static final byte KIND_BROKER = 1;
    static final byte KIND_PROVISIONING = 2;

    static final byte FORMAT_CLOUDEVENT = 0;
    static final byte FORMAT_CHORIA = 1;
    static final byte FORMAT_LEGACY = 2;

    static final byte NO_MACHINE = -1;

    private static final String[] ROLES = {"web", "app", "db", "cache", "queue", "build"};
    private static final String[] SITES = {"ams1", "lon2", "nyc1", "sfo3", "sin1"};

    final int size;
    final long seed;
    final NodeRandom random;
    final byte[] kind;
    final byte[] version;
    final byte[] format;
    /** The Scout check a node runs (index into {@link MachineStory#CHECKS}), or {@link #NO_MACHINE}. */
    final byte[] machine;
    /** The state of that check's machine; 0 (unknown) until its first run after a startup. */
    final byte[] checkState;
    /** What the node does when its turn comes next (see {@link FleetStory}). */
    final byte[] next;
    /** The Governor slot a node holds between its enter and exit events. */
    final long[] governorSequence;

    Fleet(int size, long seed) {
        this.size = size;
        this.seed = seed;
        this.random = new NodeRandom(seed, size);
        kind = new byte[size];
        version = new byte[size];
        format = new byte[size];
        machine = new byte[size];
        checkState = new byte[size];
        next = new byte[size];
        governorSequence = new long[size];
        for (int n = 0; n < size; n++) {
            compose(n);
        }
    }

    private void compose(int n) {
        double k = random.uniform(n);
        kind[n] = k < 0.01 ? KIND_BROKER : k < 0.04 ? KIND_PROVISIONING : KIND_SERVER;
        double f = random.uniform(n);
        format[n] = f < 0.85 ? FORMAT_CLOUDEVENT : f < 0.97 ? FORMAT_CHORIA : FORMAT_LEGACY;
        double v = random.uniform(n);
        byte chosen = 0;
        for (double share = STARTING_SHARES[0]; v >= share && chosen < VERSIONS.length - 1; ) {
            share += STARTING_SHARES[++chosen];
        }
        version[n] = chosen;
        boolean scout = kind[n] != KIND_BROKER && random.uniform(n) < 0.25;
        machine[n] = scout ? (byte) random.below(n, MachineStory.CHECKS.length) : NO_MACHINE;
    }

    /** The component the node announces itself as now. */
    String component(int n) {
        return switch (kind[n]) {
            case KIND_BROKER -> BROKER;
            case KIND_PROVISIONING -> PROVISIONING;
            default -> SERVER;
        };
    }

    /** A host name, stable for the seed: e.g. {@code web-000042.ams1.example.net}. */
    String identity(int n) {
        long h = NodeRandom.mix(seed ^ NodeRandom.mix(~(long) n));
        String role = kind[n] == KIND_BROKER ? "broker" : ROLES[(int) ((h >>> 33) % ROLES.length)];
        String site = SITES[(int) ((h >>> 3) & 0x7FFFFFFF) % SITES.length];
        String number = Integer.toString(n);
        return role + "-" + "000000".substring(Math.min(6, number.length())) + number + "." + site + ".example.net";
    }

    boolean hasNewerVersion(int n) {
        return version[n] < VERSIONS.length - 1;
    }

    String versionName(int n) {
        return VERSIONS[version[n]];
    }
}
