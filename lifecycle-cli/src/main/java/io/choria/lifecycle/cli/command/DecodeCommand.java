package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.HelpOption;
import io.choria.lifecycle.cli.process.ErrorLine;
import io.choria.lifecycle.cli.process.Terminal;

import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decode}: reads a stream of events and prints one line per event; a bad event is an
 * {@code error:} line on stderr and decoding goes on. Exit code 1 when any event failed.
 */
@Command(name = "decode", sortOptions = false,
        description = {"Read events (one per line, or pretty-printed and concatenated) and print one line per event.",
            "A bad event prints 'error: line N: <reason>' on stderr; the others are still printed."})
public final class DecodeCommand implements Callable<Integer> {
    private final Terminal terminal;

    public DecodeCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    private HelpOption help;

    @Option(names = "--json", description = "Print each event as compact Choria-format JSON instead of a display line.")
    private boolean json;

    @Parameters(arity = "0..1", paramLabel = "FILE", defaultValue = "-",
            description = "The file to read; '-' or none reads stdin.")
    private String file;

    @Override
    public Integer call() {
        String source = file.equals("-") ? "stdin" : file;
        try (InputStream in = open()) {
            return decodeAll(new JsonStreamSplitter(in)) ? 0 : 1;
        } catch (IOException e) {
            printError("cannot read " + source + ": " + ErrorLine.ioReason(e));
            return 1;
        } catch (InvalidPathException e) {
            printError("cannot read " + source + ": not a valid file name");
            return 1;
        }
    }

    private InputStream open() throws IOException {
        if (file.equals("-")) {
            // not ours to close
            return new FilterInputStream(terminal.stdin()) {
                @Override
                public void close() {
                }
            };
        }
        return Files.newInputStream(Path.of(file));
    }

    /** Decodes every piece; true when all were events and all lines were written. */
    private boolean decodeAll(JsonStreamSplitter splitter) throws IOException {
        boolean allGood = true;
        for (JsonChunk chunk = splitter.next(); chunk != null; chunk = splitter.next()) {
            allGood &= decodeOne(chunk);
            if (terminal.stdout().checkError()) {
                // the reader went away (e.g. `| head`): stop quietly, as a tool killed by SIGPIPE would
                return false;
            }
        }
        return allGood;
    }

    private boolean decodeOne(JsonChunk chunk) throws IOException {
        if (chunk.failed()) {
            printError("line " + chunk.line() + ": " + chunk.error());
            return false;
        }
        byte[] line;
        try {
            LifecycleEvent event = Lifecycle.fromJson(chunk.json());
            line = json ? Lifecycle.toJson(event, WireFormat.CHORIA)
                    : event.toString().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) { // one bad event must not stop the stream
            printError("line " + chunk.line() + ": " + ErrorLine.of(e));
            return false;
        }
        PrintStream out = terminal.stdout();
        out.write(line);
        out.write('\n');
        out.flush();
        return true;
    }

    private void printError(String message) {
        byte[] bytes = ("error: " + ErrorLine.oneLine(message) + "\n").getBytes(StandardCharsets.UTF_8);
        PrintStream err = terminal.stderr();
        err.write(bytes, 0, bytes.length);
        err.flush();
    }
}
