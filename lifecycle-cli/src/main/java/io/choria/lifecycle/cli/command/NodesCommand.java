package io.choria.lifecycle.cli.command;

import io.choria.lifecycle.cli.option.DurationConverter;
import io.choria.lifecycle.cli.option.HelpOption;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import io.choria.lifecycle.GoDuration;
import io.choria.lifecycle.tally.web.NodesClient;
import io.choria.lifecycle.cli.process.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nodes}: asks a running tally which nodes it knows and prints one identity per line, the
 * file Choria's {@code --nodes FILE} discovery reads; {@code --json} prints the records instead.
 * An identity that would break that file (a line break or other control character in it) is left
 * out with an error line, and the exit code is then 1.
 */
@Command(name = "nodes", sortOptions = false,
        description = "List the nodes a running tally knows, one identity per line (for Choria's --nodes FILE).")
public final class NodesCommand implements Callable<Integer> {
    private static final JsonFactory JSON = new JsonFactory();

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    public NodesCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Mixin
    HelpOption help;

    @Option(names = "--tally", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The tally's HTTP address (default: ${DEFAULT-VALUE}).")
    String tally;

    @Option(names = "--component", paramLabel = "C", defaultValue = "server",
            description = "Nodes of this component (default: ${DEFAULT-VALUE}).")
    String component;

    @Option(names = "--version", paramLabel = "V", description = "Only nodes running this version.")
    String version;

    @Option(names = "--silent-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only nodes not heard from for at least this long, e.g. 35m (the ones about to expire).")
    Duration silentFor;

    @Option(names = "--contains", paramLabel = "TEXT", description = "Only identities containing this text (ASCII case ignored).")
    String contains;

    @Option(names = "--json", description = "Print each node as one JSON object per line: identity, version, last_seen.")
    boolean json;

    @Option(names = "--tally-ca", paramLabel = "FILE",
            description = "CA (PEM) the https tally's certificate must chain to (default: the JDK's trust store).")
    Path tallyCa;

    @Option(names = "--tally-cert", paramLabel = "FILE", description = "Client certificate (PEM) for a tally that requires one.")
    Path tallyCert;

    @Option(names = "--tally-key", paramLabel = "FILE", description = "The client certificate's key (PEM).")
    Path tallyKey;

    @Option(names = "--tally-user", paramLabel = "USER", description = "Basic auth user of the tally's web configuration.")
    String tallyUser;

    @Option(names = "--tally-password-file", paramLabel = "FILE",
            description = "File whose first line is the user's password (else the variable " + TallyAccess.PASSWORD_VARIABLE
                    + "; never a flag, which ps would show).")
    Path tallyPasswordFile;

    @Override
    public Integer call() throws InterruptedException {
        if ((tallyCert == null) != (tallyKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tally-cert and --tally-key must be given together");
        }
        TallyAccess access = TallyAccess.of(tallyCa, tallyCert, tallyKey, tallyUser, tallyPasswordFile,
                System.getenv(TallyAccess.PASSWORD_VARIABLE));
        NodesClient client = new NodesClient(tallyUri(), access.client(), access.authorization(), access.user());
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("component", component);
        if (version != null) {
            filters.put("version", version);
        }
        if (silentFor != null) {
            filters.put("silent_for", GoDuration.format(silentFor));
        }
        if (contains != null) {
            filters.put("contains", contains);
        }
        PrintStream out = terminal.stdout();
        int[] skipped = {0};
        client.forEach(filters, node -> {
            if (json) {
                byte[] record = jsonLine(node);
                out.write(record, 0, record.length);
            } else if (node.identity().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                skipped[0]++;
                terminal.stderr().println("error: left out identity " + quoted(node.identity())
                        + ": it holds a line break or another control character");
            } else {
                byte[] line = (node.identity() + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line, 0, line.length);
            }
        });
        out.flush();
        return skipped[0] == 0 ? 0 : 1;
    }

    private URI tallyUri() {
        try {
            URI uri = new URI(tally);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(tally, "use http://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--tally: '" + tally + "' is not an http(s)://host:port URL");
        }
    }

    private static byte[] jsonLine(NodesClient.Node node) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("identity", node.identity());
            g.writeStringField("version", node.version());
            g.writeStringField("last_seen", node.lastSeen());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c)
                : c == '"' || c == '\\' ? "\\" + (char) c : new String(Character.toChars(c))));
        return b.append('"').toString();
    }
}
