package io.choria.lifecycle.cli.option;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an unsigned 64-bit number, 0 up to 18446744073709551615, into a {@code long}'s bits. */
public final class UnsignedLongConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number from 0 to 18446744073709551615");
        }
    }
}
