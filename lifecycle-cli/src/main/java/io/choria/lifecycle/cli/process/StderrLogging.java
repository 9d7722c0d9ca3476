package io.choria.lifecycle.cli.process;

/**
 * Configures slf4j-simple to log to stderr, so stdout carries only data. Must run before any
 * logger exists, which is why {@code --debug} is looked for here rather than through picocli.
 */
public final class StderrLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private StderrLogging() {
    }

    /** Sets the defaults; a {@code -Dorg.slf4j.simpleLogger...} given through JAVA_OPTS wins. */
    public static void configure(String[] args) {
        setDefault("logFile", "System.err");
        setDefault("defaultLogLevel", debugLogging(args) ? "debug" : "demo".equals(command(args)) ? "warn" : "info");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("showThreadName", "false");
        setDefault("showShortLogName", "true");
        setDefault("levelInBrackets", "true");
        // Jetty's start and stop lines say nothing the tally's own "Serving metrics on" line does not
        setDefault("log.org.eclipse.jetty", debugLogging(args) ? "debug" : "warn");
    }

    /**
     * Whether debug logging was asked for: {@code --debug} among the root options, or after
     * {@code tally}, where the reference tally takes it ({@code view --debug} means raw bodies),
     * the last of {@code --debug} and {@code --no-debug} winning there as in the parse.
     */
    public static boolean debugLogging(String[] args) {
        if (rootDebug(args)) {
            return true;
        }
        if (!"tally".equals(command(args))) {
            return false;
        }
        boolean debug = false;
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("--debug") || arg.equals("--no-debug")) {
                debug = arg.equals("--debug");
            }
        }
        return debug;
    }

    /** {@code --debug} among the root options, i.e. before the command name. */
    public static boolean rootDebug(String[] args) {
        for (String arg : args) {
            if (arg.equals("--debug")) {
                return true;
            }
            if (!arg.startsWith("-")) {
                return false;
            }
        }
        return false;
    }

    /**
     * The command's name: the first argument that is not an option. The demo tells the story of
     * its parts itself, so their info logs (tally started, serving on ...) would only interleave.
     */
    public static String command(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
