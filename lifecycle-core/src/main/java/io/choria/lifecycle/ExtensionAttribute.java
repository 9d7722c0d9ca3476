package io.choria.lifecycle;

import java.util.Locale;
import java.util.Set;

/**
 * The CloudEvents SDK's rules for an extension attribute ({@code EventContextV1.SetExtension}):
 * a name of ASCII letters and digits that is not a spec attribute in another case, and a value it
 * can hold (a string, a bool, a number that fits an int32 once truncated, or null, which removes
 * it). An object or array is refused, printed as Go's {@code %#v} prints it ({@link GoValueText}).
 */
final class ExtensionAttribute {
    private static final Set<String> SPEC_ATTRIBUTES = Set.of(
            "id", "source", "type", "datacontenttype", "subject", "time", "specversion", "dataschema");

    private ExtensionAttribute() {
    }

    /** The SDK's error for this extension, or null when it takes it. */
    static String problem(String name, Object value) {
        if (name.isEmpty()) {
            return "bad key, CloudEvents attribute names MUST NOT be empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return "bad key, CloudEvents attribute names MUST consist of lower-case letters ('a' to 'z'),"
                        + " upper-case letters ('A' to 'Z') or digits ('0' to '9') from the ASCII character set";
            }
        }
        if (SPEC_ATTRIBUTES.contains(name.toLowerCase(Locale.ROOT))) {
            return "bad key " + GoQuote.of(name) + ": CloudEvents spec attribute MUST NOT be overwritten by extension";
        }
        if (value instanceof Long || value instanceof JsonNumber) {
            double d = Double.parseDouble(value.toString());
            if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
                return "cannot convert " + GoValueText.goFloat(d) + " to int32: out of range";
            }
        }
        if (value instanceof GoValueText.Printed printed) {
            return "invalid CloudEvents value: " + printed.text();
        }
        return null;
    }
}
