package io.choria.lifecycle.cli.option;

import io.choria.lifecycle.EventType;
import io.choria.lifecycle.WireFormat;
import io.choria.lifecycle.EventOption;
import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.Lifecycle;
import io.choria.lifecycle.LifecycleEvent;
import io.choria.lifecycle.LifecycleException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags that describe one event ({@code --type}, {@code --component}, ...), a picocli mixin
 * shared by the commands that make events: {@code @Mixin EventFlags event;} then
 * {@link #toEvent(EventOption...)}. An unknown type or a flag that does not apply to the type is a
 * usage error. A value attached with {@code =} is taken as it is ({@link AttachedValue}).
 */
public final class EventFlags {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--type", preprocessor = AttachedValue.class, required = true, paramLabel = "TYPE",
            completionCandidates = TypeNames.class,
            description = "Event type: ${COMPLETION-CANDIDATES}.")
    private String type;

    @Option(names = "--component", preprocessor = AttachedValue.class, required = true, paramLabel = "C",
            description = "The component that emits the event, e.g. server.")
    private String component;

    @Option(names = "--identity", preprocessor = AttachedValue.class, required = true, paramLabel = "I",
            description = "The identity of the emitter, e.g. its host name.")
    private String identity;

    @Option(names = "--version", preprocessor = AttachedValue.class, paramLabel = "V",
            description = "Version (startup, alive, upgraded).")
    private String version;

    @Option(names = "--new-version", preprocessor = AttachedValue.class, paramLabel = "V",
            description = "New version (upgraded).")
    private String newVersion;

    @Option(names = "--governor", preprocessor = AttachedValue.class, paramLabel = "G",
            description = "Governor name (governor).")
    private String governor;

    @Option(names = "--governor-event", paramLabel = "STAGE", converter = StageConverter.class,
            completionCandidates = StageConverter.Names.class,
            description = "What happened (governor): ${COMPLETION-CANDIDATES}.")
    private GovernorStage stage;

    @Option(names = "--sequence", paramLabel = "N", converter = UnsignedLongConverter.class,
            description = "Slot sequence (governor), 0 to 18446744073709551615.")
    private Long sequence;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "cloudevent",
            converter = FormatConverter.class, completionCandidates = FormatConverter.Names.class,
            description = "Wire format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, what Choria servers send).")
    private WireFormat format;

    /** The valid type names, for help and completion. */
    public static final class TypeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EventType.names().iterator();
        }
    }

    /** The chosen wire format. */
    public WireFormat format() {
        return format;
    }

    /**
     * The event the flags describe, in the chosen format, with {@code extra} options applied last
     * (e.g. a fixed id or time).
     *
     * @throws ParameterException for an unknown type or flags that do not apply to the type
     */
    public LifecycleEvent toEvent(EventOption... extra) {
        LifecycleEvent event;
        try {
            event = Lifecycle.newEvent(type, EventOption.component(component), EventOption.identity(identity));
        } catch (LifecycleException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        List<String> refused = new ArrayList<>();
        typeSpecificOptions().forEach((flag, option) -> {
            try {
                option.applyTo(event);
            } catch (LifecycleException e) {
                refused.add(flag);
            }
        });
        if (!refused.isEmpty()) {
            throw new ParameterException(command.commandLine(), String.join(", ", refused)
                    + (refused.size() == 1 ? " does" : " do") + " not apply to " + type + " events");
        }
        for (EventOption option : extra) {
            option.applyTo(event);
        }
        event.setFormat(format);
        return event;
    }

    /** Every type-specific flag that was given, even with an empty value, by flag name. */
    private Map<String, EventOption> typeSpecificOptions() {
        Map<String, EventOption> given = new LinkedHashMap<>();
        if (version != null) {
            given.put("--version", EventOption.version(version));
        }
        if (newVersion != null) {
            given.put("--new-version", EventOption.newVersion(newVersion));
        }
        if (governor != null) {
            given.put("--governor", EventOption.governorName(governor));
        }
        if (stage != null) {
            given.put("--governor-event", EventOption.governorStage(stage));
        }
        if (sequence != null) {
            given.put("--sequence", EventOption.governorSequence(sequence));
        }
        return given;
    }
}
