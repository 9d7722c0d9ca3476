package io.choria.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON value as Go's {@code %#v} prints what json-iterator reads it into ({@code interface{}}:
 * maps with sorted keys, {@code []interface {}}, float64, bool, nil), for the SDK's
 * {@code invalid CloudEvents value: map[string]interface {}{"a":1}}; and a float64 as
 * {@code %v} and {@code %#v} print one ({@code strconv}'s shortest {@code %g}: {@code 3e+09}).
 * Cut to {@value #MAX_CHARS} characters, then {@code ...}, as every value our errors quote.
 */
final class GoValueText {
    private static final int MAX_CHARS = 200;

    /** What {@code %#v} prints of a JSON value, kept with its text for the extension check. */
    record Printed(String text) {
    }

    private GoValueText() {
    }

    /** The value the parser is on ({@code t}), read to its end, as {@code %#v} prints it. */
    static Printed of(JsonParser p, JsonToken t) throws IOException {
        String text = render(p, t);
        return new Printed(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text);
    }

    private static String render(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, String> entries = new TreeMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    entries.put(name, render(p, p.nextToken()));
                }
                List<String> members = new ArrayList<>();
                entries.forEach((k, v) -> members.add(GoQuote.of(k) + ":" + v));
                return "map[string]interface {}{" + String.join(", ", members) + "}";
            }
            case START_ARRAY -> {
                List<String> elements = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    elements.add(render(p, e));
                }
                return "[]interface {}{" + String.join(", ", elements) + "}";
            }
            case VALUE_STRING -> {
                return GoQuote.of(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return goFloat(Double.parseDouble(p.getText()));
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getText();
            }
            default -> {
                return "interface {}(nil)";
            }
        }
    }

    /** A float64 as Go's {@code %v} writes it: the shortest digits, in exponent form below 1e-4 and from 1e6 on. */
    static String goFloat(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        String sign = d < 0 || d == 0 && 1 / d < 0 ? "-" : "";
        if (d == 0) {
            return sign + "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder b = new StringBuilder(sign);
        if (exponent < -4 || exponent >= 6) {
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            String e = Integer.toString(Math.abs(exponent));
            return b.append(exponent < 0 ? "e-" : "e+").append(e.length() < 2 ? "0" + e : e).toString();
        }
        return b.append(exact.toPlainString()).toString();
    }
}
