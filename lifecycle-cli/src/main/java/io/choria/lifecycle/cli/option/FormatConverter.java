package io.choria.lifecycle.cli.option;

import io.choria.lifecycle.WireFormat;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --format}: {@code cloudevent} or {@code choria}. */
public final class FormatConverter implements ITypeConverter<WireFormat> {
    /** The accepted names, for help and completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("cloudevent", "choria").iterator();
        }
    }

    @Override
    public WireFormat convert(String value) {
        return switch (value) {
            case "cloudevent" -> WireFormat.CLOUDEVENT_V1;
            case "choria" -> WireFormat.CHORIA;
            default -> throw new TypeConversionException("'" + value + "' is not a format, use cloudevent or choria");
        };
    }
}
