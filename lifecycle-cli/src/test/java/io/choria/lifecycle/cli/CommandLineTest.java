package io.choria.lifecycle.cli;

import io.choria.lifecycle.cli.process.CliVersion;
import io.choria.lifecycle.cli.process.ErrorLine;
import io.choria.lifecycle.cli.process.StderrLogging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    /** Every registered command, so that commands added later are covered too. */
    static Stream<String> commands() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return ChoriaLifecycle.commandLine(InputStream.nullInputStream(), sink, sink)
                .getSubcommands().keySet().stream();
    }

    @Test
    void registersEncodeAndDecode() {
        assertThat(commands()).contains("encode", "decode", "help");
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandHasHelpExitingZero(String command) {
        CliRun run = CliRun.run(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).contains("Usage: choria-lifecycle " + command + " [-h]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void rootHelpListsTheCommandsAndExitCodes(String flag) {
        CliRun run = CliRun.run(flag);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: choria-lifecycle").contains("encode", "decode", "Exit codes");
    }

    @Test
    void helpCommandShowsACommandsHelp() {
        CliRun run = CliRun.run("help", "decode");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: choria-lifecycle decode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionPrintsTheProjectVersion(String flag) {
        CliRun run = CliRun.run(flag);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).matches("choria-lifecycle \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
        assertThat(CliVersion.version()).isNotEqualTo("unknown");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run().assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderrLines()).containsExactly("error: missing command, choose one of help, encode, decode, publish, view, tally, nodes, simulate, demo, bench",
                "Try 'choria-lifecycle --help' for more information.");
    }

    @Test
    void aMistypedCommandSuggestsTheRightOne() {
        CliRun run = CliRun.run("decod").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines().get(0)).startsWith("error: ").contains("'decod'").contains("did you mean decode");
    }

    @Test
    void debugIsARootOption() {
        CliRun run = CliRun.withInput("{\"protocol\":\"fail\"}", "--debug", "decode").assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderrLines()).containsExactly("error: line 1: unsupported event format");
    }

    @Test
    void unexpectedFailuresBecomeOneLine() {
        assertThat(ErrorLine.of(new NullPointerException())).isEqualTo("internal error: NullPointerException");
        assertThat(ErrorLine.of(new IllegalStateException("two\nlines\r\n\there"))).isEqualTo("internal error: IllegalStateException: two lines here");
        assertThat(ErrorLine.of(new java.nio.file.NoSuchFileException("/x"))).isEqualTo("/x: no such file");
        assertThat(ErrorLine.of(new StackOverflowError())).doesNotContain("\n");
        assertThat(ErrorLine.oneLine("cannot parse uri ref: ")).as("the reference's text, its last space too")
                .isEqualTo("cannot parse uri ref: ");
        assertThat(ErrorLine.oneLine(" two\nlines\n")).isEqualTo("two lines");
    }

    @Test
    void rootDebugIsOnlySeenBeforeTheCommand() {
        assertThat(StderrLogging.rootDebug(new String[] {"--debug", "decode"})).isTrue();
        assertThat(StderrLogging.rootDebug(new String[] {"decode", "--debug"})).isFalse();
        assertThat(StderrLogging.rootDebug(new String[0])).isFalse();
    }

    @Test
    void theCommandIsTheFirstArgumentThatIsNotAnOption() {
        assertThat(StderrLogging.command(new String[] {"--debug", "demo", "--nodes", "10"})).isEqualTo("demo");
        assertThat(StderrLogging.command(new String[] {"--version"})).isNull();
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        private final Throwable failure;

        Boom(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    private static CliRun runFailing(Throwable failure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        picocli.CommandLine cl = ChoriaLifecycle.commandLine(InputStream.nullInputStream(), new PrintStream(out), errStream);
        cl.addSubcommand("boom", new Boom(failure));
        int code = ChoriaLifecycle.execute(cl, errStream, "boom");
        return new CliRun(code, out.toByteArray(), err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anUnexpectedExceptionInACommandIsOneLineAndExitCode1() {
        CliRun run = runFailing(new IllegalStateException("state went\nwrong")).assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderrLines()).containsExactly("error: internal error: IllegalStateException: state went wrong");
    }

    @Test
    void anErrorEscapingPicocliIsOneLineAndExitCode1() {
        CliRun run = runFailing(new StackOverflowError()).assertCleanErrors();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderrLines()).containsExactly("error: internal error: StackOverflowError");
    }

    @Test
    void aFailingCommandWritesNothingToStdout() {
        CliRun run = runFailing(new java.io.IOException("disk on fire"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutBytes()).isEmpty();
        assertThat(run.stderrLines()).containsExactly("error: disk on fire");
    }

    /** A reader that went away, like the other end of {@code | head -1} after its line. */
    private static PrintStream closedPipe(int[] writes) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                writes[0]++;
                throw new java.io.IOException("Broken pipe");
            }
        }, true);
    }

    @Test
    void decodeStopsQuietlyWhenStdoutIsClosed() {
        int[] writes = {0};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String alive = "{\"protocol\":\"io.choria.lifecycle.v1.alive\",\"id\":\"a\",\"identity\":\"n\",\"component\":\"c\",\"timestamp\":1}\n";

        int code = ChoriaLifecycle.run(new java.io.ByteArrayInputStream(alive.repeat(100).getBytes()),
                closedPipe(writes), new PrintStream(err), "decode");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEmpty();
        assertThat(writes[0]).isEqualTo(2); // the first event and its newline, then it gave up; not 100 events
    }

    @Test
    void encodeReportsAClosedStdout() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ChoriaLifecycle.run(InputStream.nullInputStream(), closedPipe(new int[1]), new PrintStream(err),
                "encode", "--type", "alive", "--component", "c", "--identity", "i");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: cannot write to stdout\n");
    }

    @Test
    void theMainClassNamedForChildProcessesIsTheEntryPoint() {
        assertThat(io.choria.lifecycle.cli.process.MainClass.NAME).isEqualTo(ChoriaLifecycle.class.getName());
    }
}
