package io.choria.lifecycle;

import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.testing.VectorEvents;
import static io.choria.lifecycle.DecodeOutcome.decodeOrRefuse;
import static io.choria.lifecycle.DecodeOutcome.refusal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field of every type given every JSON type, at the top level and inside a CloudEvent's
 * data; the CloudEvents envelope's own fields, {@code data} and {@code data_base64}.
 */
class DecodeFieldTypesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, JsonNode> VALUES = Map.of(
            "string", NODES.textNode("s"),
            "integer", NODES.numberNode(1),
            "float", NODES.numberNode(1.5),
            "bool", NODES.booleanNode(true),
            "object", NODES.objectNode().put("a", 1),
            "array", NODES.arrayNode().add(1),
            "null", NODES.nullNode());
    private static final List<String> ALL_FIELDS = List.of("id", "identity", "component", "timestamp",
            "version", "new_version", "governor", "sequence", "event_type");

    @Test
    void everyFieldOfEveryTypeGivenEveryJsonType() {
        int cases = 0;
        for (LifecycleEvent event : VectorEvents.all()) {
            for (String field : ALL_FIELDS) {
                for (Map.Entry<String, JsonNode> value : VALUES.entrySet()) {
                    String expected = expectedOutcome(event.type(), field, value.getKey());
                    ObjectNode choria = choria(event);
                    choria.set(field, value.getValue());
                    checkOutcome(write(choria), expected, event, field, value.getKey());

                    ObjectNode cloud = cloudEvent(event);
                    ((ObjectNode) cloud.get("data")).set(field, value.getValue());
                    checkOutcome(write(cloud), expected, event, field, value.getKey());
                    cases += 2;
                }
            }
        }
        assertThat(cases).isEqualTo(VectorEvents.all().size() * ALL_FIELDS.size() * VALUES.size() * 2);
    }

    @Test
    void aProtocolThatIsNotAStringIsAnUnsupportedFormat() {
        for (Map.Entry<String, JsonNode> value : VALUES.entrySet()) {
            ObjectNode choria = choria(VectorEvents.all().get(0));
            choria.set("protocol", value.getValue());
            assertThat(refusal(write(choria))).as(value.getKey()).contains("unsupported event format");
        }
    }

    /**
     * The SDK reads these with json-iterator's ReadString: a string or null, anything else is
     * refused. The time must then be RFC 3339 (or empty), and a content type given after
     * specversion must be a JSON media type for the object data that follows it ("" is not).
     */
    @ParameterizedTest
    @ValueSource(strings = {"id", "type", "subject", "datacontenttype", "time"})
    void cloudEventAttributesMustBeStrings(String attribute) {
        for (Map.Entry<String, JsonNode> value : VALUES.entrySet()) {
            ObjectNode cloud = cloudEvent(VectorEvents.all().get(0));
            cloud.set(attribute, value.getValue());
            LifecycleEvent decoded = decodeOrRefuse(write(cloud));
            boolean fine = switch (attribute) {
                case "time" -> value.getKey().equals("null");
                case "datacontenttype" -> false;
                default -> value.getKey().equals("null") || value.getKey().equals("string");
            };
            assertThat(decoded != null).as("%s = %s decodes", attribute, value.getKey()).isEqualTo(fine);
            if (!fine && !value.getKey().equals("string") && !value.getKey().equals("null")) {
                assertThat(refusal(write(cloud))).startsWith("ReadString: expects \" or n, but found ");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"specversion", "source"})
    void envelopeWithoutTheChoriaMarkersIsAnUnsupportedFormat(String attribute) {
        for (Map.Entry<String, JsonNode> value : VALUES.entrySet()) {
            ObjectNode cloud = cloudEvent(VectorEvents.all().get(0));
            cloud.set(attribute, value.getValue());
            assertThat(refusal(write(cloud))).as("%s = %s", attribute, value.getKey()).contains("unsupported event format");
        }
    }

    @Test
    void cloudEventTimeMustBeRfc3339() {
        ObjectNode cloud = cloudEvent(VectorEvents.all().get(0));
        cloud.put("time", "yesterday");
        assertThat(refusal(write(cloud))).isEqualTo("cannot convert \"yesterday\" to time.Time: not in RFC3339 format");
        cloud.put("time", "");
        assertThat(decodeOrRefuse(write(cloud))).as("an empty time is no time").isNotNull();
        cloud.put("time", "2018-08-24T10:36:13.123+02:00");
        assertThat(decodeOrRefuse(write(cloud))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a string\"", "[1,2]", "null", "1", "true", "{}", "{\"protocol\":\"other\"}"})
    void dataThatIsNotALifecycleObjectIsAnUnsupportedFormat(String data) {
        ObjectNode cloud = cloudEvent(VectorEvents.all().get(0));
        cloud.set("data", parse(data));
        assertThat(refusal(write(cloud))).contains("unsupported event format");
        cloud.remove("data");
        assertThat(refusal(write(cloud))).contains("unsupported event format");
    }

    @Test
    void aCloudEventNestedInDataIsNotALifecycleEvent() {
        LifecycleEvent event = VectorEvents.all().get(0);
        ObjectNode cloud = cloudEvent(event);
        cloud.set("data", cloudEvent(event));
        assertThat(refusal(write(cloud))).contains("unsupported event format");
    }

    @Test
    void dataBase64IsReadWhenThereIsNoData() {
        for (LifecycleEvent event : VectorEvents.all()) {
            ObjectNode cloud = cloudEvent(event);
            cloud.remove("data");
            cloud.put("data_base64", Base64.getEncoder().encodeToString(Lifecycle.toJson(event, WireFormat.CHORIA)));

            LifecycleEvent decoded = Lifecycle.fromJson(write(cloud));

            event.setFormat(WireFormat.CLOUDEVENT_V1);
            assertThat(decoded).isEqualTo(event);
        }
    }

    @Test
    void badDataBase64IsRefused() {
        LifecycleEvent event = VectorEvents.all().get(0);
        String choria = new String(Lifecycle.toJson(event), UTF_8);
        Map<JsonNode, String> bad = Map.ofEntries(
                Map.entry(NODES.textNode("not base64!"), "illegal base64 data at input byte 3"),
                // the SDK decodes the raw text: a JSON escape is a backslash there
                Map.entry(NODES.textNode("YWJj\nZA"), "illegal base64 data at input byte 4"),
                // not a string: json-iterator's error is overwritten, no data is left, and the next
                // read trips over the value's second byte (none for a one-digit number, '}' ends it)
                Map.entry(NODES.numberNode(1), "unsupported event format"),
                Map.entry(NODES.numberNode(12), "ReadObject: expect { or , or } or n, but found 2"),
                Map.entry(NODES.arrayNode(), "ReadObject: expect { or , or } or n, but found ]"),
                Map.entry(NODES.objectNode(), "unsupported event format"),
                Map.entry(NODES.booleanNode(false), "ReadObject: expect { or , or } or n, but found a"),
                Map.entry(NODES.textNode(b64("[1]")), "unsupported event format"),
                Map.entry(NODES.textNode(b64("")), "unsupported event format"),
                Map.entry(NODES.textNode(b64("{\"protocol\":")), "invalid JSON in data_base64"),
                Map.entry(NODES.textNode(b64(choria + "x")), "invalid JSON in data_base64"),
                Map.entry(NODES.textNode(b64(choria + " {}")), "invalid JSON in data_base64: unexpected data after the object"),
                Map.entry(NODES.textNode(b64("{\"protocol\":\"other\"}")), "unsupported event format"));
        for (Map.Entry<JsonNode, String> c : bad.entrySet()) {
            ObjectNode cloud = cloudEvent(event);
            cloud.remove("data");
            cloud.set("data_base64", c.getKey());
            assertThat(refusal(write(cloud))).as("data_base64 %s", c.getKey()).contains(c.getValue());
        }
    }

    /** What Go's decoder does with {@code kind} in {@code field} of a {@code type} event: "ok" or the error. */
    private static String expectedOutcome(EventType type, String field, String kind) {
        boolean belongs = switch (field) {
            case "version" -> type == EventType.STARTUP || type == EventType.ALIVE || type == EventType.UPGRADED;
            case "new_version" -> type == EventType.UPGRADED;
            case "governor", "sequence", "event_type" -> type == EventType.GOVERNOR;
            default -> true;
        };
        if (!belongs) {
            return "ok"; // Go ignores fields its struct does not have, whatever their JSON type
        }
        if (field.equals("governor") && kind.equals("null")) {
            return "governor name is not set";
        }
        String goType = switch (field) {
            case "timestamp" -> "int64";
            case "sequence" -> "uint64";
            case "event_type" -> "lifecycle.GovernorEventType";
            default -> "string";
        };
        boolean fits = kind.equals("null") || kind.equals(goType.startsWith("int") || goType.startsWith("uint") ? "integer" : "string");
        if (fits) {
            return "ok";
        }
        String struct = Character.toUpperCase(type.typeName().charAt(0)) + type.typeName().substring(1) + "Event";
        return "into Go struct field " + struct + "." + field + " of type " + goType;
    }

    private static void checkOutcome(byte[] json, String expected, LifecycleEvent event, String field, String kind) {
        String what = event.typeName() + "." + field + " = " + kind + " in " + DecodeOutcome.preview(json);
        if (expected.equals("ok")) {
            assertThat(decodeOrRefuse(json)).as(what).isNotNull();
        } else {
            assertThat(refusal(json)).as(what).contains(expected);
        }
    }

    private static ObjectNode choria(LifecycleEvent event) {
        return (ObjectNode) parse(new String(Lifecycle.toJson(event, WireFormat.CHORIA), UTF_8));
    }

    private static ObjectNode cloudEvent(LifecycleEvent event) {
        return (ObjectNode) parse(new String(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1), UTF_8));
    }

    private static JsonNode parse(String json) {
        try {
            return ConformanceFiles.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return ConformanceFiles.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
    }
}
