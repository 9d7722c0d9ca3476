package io.choria.lifecycle.tally;

import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** What a viewer printing {@code --json} lines wrote: its waiting line, then the events' ids in order. */
final class ViewerOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Where the viewer writes. */
    PrintStream stream() {
        return out;
    }

    /** The ids of the events shown so far, in order (the waiting line left out). */
    List<String> ids() {
        String text;
        synchronized (out) { // the viewer writes under this lock
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith("{"))
                .map(l -> Lifecycle.fromJson(l.getBytes(StandardCharsets.UTF_8))).map(LifecycleEvent::id).toList();
    }
}
