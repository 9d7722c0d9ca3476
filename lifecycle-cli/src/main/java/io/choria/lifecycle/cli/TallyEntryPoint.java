package io.choria.lifecycle.cli;

/**
 * The reference's program name for the tally: {@code tally [flags]} is {@code choria-lifecycle
 * tally [flags]}. It is the main class of the container image's {@code /tally/tally}, so that
 * what runs the reference's {@code choria/tally} image (choria-io/helm's chart:
 * {@code /tally/tally --config /tally/config/tally.conf --port 8080}) runs this tally unchanged.
 * A main class rather than a script because the image has no shell.
 */
public final class TallyEntryPoint {
    private TallyEntryPoint() {
    }

    /** Runs {@code choria-lifecycle tally args...} and exits with its exit code. */
    public static void main(String[] args) {
        ChoriaLifecycle.main(withCommand(args));
    }

    /** {@code args} after the command name {@code tally}. */
    static String[] withCommand(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "tally";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
