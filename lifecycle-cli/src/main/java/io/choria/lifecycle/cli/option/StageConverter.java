package io.choria.lifecycle.cli.option;

import io.choria.lifecycle.GovernorStage;
import io.choria.lifecycle.LifecycleException;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --governor-event}: enter, exit, timeouts or eviction (the wire names). */
public final class StageConverter implements ITypeConverter<GovernorStage> {
    /** The accepted names, for help and completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(GovernorStage.values()).map(GovernorStage::wireName).iterator();
        }
    }

    @Override
    public GovernorStage convert(String value) {
        try {
            return GovernorStage.fromWireName(value);
        } catch (LifecycleException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
