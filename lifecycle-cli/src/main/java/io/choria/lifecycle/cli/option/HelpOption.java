package io.choria.lifecycle.cli.option;

import picocli.CommandLine.Option;

/**
 * The {@code -h/--help} flag for subcommands, which cannot use picocli's standard help mixin
 * because their {@code --version} means an event's version.
 */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;
}
