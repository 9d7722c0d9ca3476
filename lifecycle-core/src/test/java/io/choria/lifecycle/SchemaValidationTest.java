package io.choria.lifecycle;

import io.choria.lifecycle.testing.ConformanceFiles;
import io.choria.lifecycle.testing.VectorEvents;
import io.choria.lifecycle.testing.GeneratedEvents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every encoded event, in both formats (for CloudEvents, its {@code data}), is valid under the
 * official draft-04 schemas of {@code conformance/schemas/choria/lifecycle/v1}.
 * The schema set has no governor schema; governor events are checked against the common fields
 * only, with a schema derived from the official shutdown schema (see {@link #governorSchema}).
 */
class SchemaValidationTest {
    private static final String SCHEMA_DIR = "schemas/choria/lifecycle/v1/";

    /** Every IRI the validator asks to load over the network; must stay empty (there is no network here). */
    private static final List<String> REMOTE_REQUESTS = new CopyOnWriteArrayList<>();
    private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);

    @BeforeAll
    static void loadSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.schemaLoaders(loaders -> loaders.add(new RefuseRemote())));
        for (EventType type : EventType.values()) {
            if (type == EventType.UNKNOWN) {
                continue;
            }
            JsonNode schema = type == EventType.GOVERNOR ? governorSchema() : officialSchema(type.typeName());
            assertThat(schema.path("$schema").asText()).startsWith("http://json-schema.org/draft-04/schema");
            SCHEMAS.put(type, factory.getSchema(schema));
        }
    }

    @Test
    void theVectorsEventsAreValidInBothFormats() {
        List<LifecycleEvent> events = VectorEvents.all();
        assertThat(events).extracting(LifecycleEvent::type).containsAll(SCHEMAS.keySet());
        events.forEach(SchemaValidationTest::assertValidInBothFormats);
        assertThat(REMOTE_REQUESTS).as("schemas fetched over the network").isEmpty();
    }

    @Test
    void generatedEventsAreValidInBothFormats() {
        new GeneratedEvents(42L).events(600).forEach(SchemaValidationTest::assertValidInBothFormats);
        assertThat(REMOTE_REQUESTS).as("schemas fetched over the network").isEmpty();
    }

    @Test
    void newEventsWithOnlyDefaultsAreValid() {
        for (EventType type : SCHEMAS.keySet()) {
            List<EventOption> options = new ArrayList<>();
            if (type == EventType.GOVERNOR) {
                options.add(EventOption.governorName("G"));
            }
            assertValidInBothFormats(Lifecycle.newEvent(type, options.toArray(EventOption[]::new)));
        }
    }

    @Test
    void theSchemasDoCatchAnInvalidEvent() throws IOException {
        ObjectNode startup = (ObjectNode) ConformanceFiles.MAPPER.readTree(Lifecycle.toJson(VectorEvents.all().get(0)));
        assertThat(SCHEMAS.get(EventType.STARTUP).validate(startup)).isEmpty();

        startup.put("timestamp", "1535106973");
        startup.remove("version");

        assertThat(SCHEMAS.get(EventType.STARTUP).validate(startup)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("timestamp"))
                .anySatisfy(m -> assertThat(m).contains("version"));
    }

    @Test
    void thereIsNoOfficialGovernorSchemaSoGovernorEventsAreCheckedForTheCommonFieldsOnly() {
        // If the schema set gains a governor schema, use it instead of governorSchema().
        assertThat(ConformanceFiles.exists(SCHEMA_DIR + "governor.json")).isFalse();
        assertThat(ConformanceFiles.exists(SCHEMA_DIR + "shutdown.json")).isTrue();
    }

    private static void assertValidInBothFormats(LifecycleEvent event) {
        JsonSchema schema = SCHEMAS.get(event.type());
        JsonNode choria = parse(Lifecycle.toJson(event, WireFormat.CHORIA));
        JsonNode cloud = parse(Lifecycle.toJson(event, WireFormat.CLOUDEVENT_V1));

        assertThat(schema.validate(choria)).as("%s in Choria format", event.typeName()).isEmpty();
        assertThat(cloud.get("data")).isEqualTo(choria);
        assertThat(schema.validate(cloud.get("data"))).as("data of %s as CloudEvent", event.typeName()).isEmpty();
    }

    /**
     * The official schemas have none for governor events. This one is the official shutdown
     * schema (the common fields, all required) with the governor protocols: it checks what all
     * events share and nothing of governor, sequence or event_type.
     */
    private static JsonNode governorSchema() {
        ObjectNode schema = (ObjectNode) officialSchema("shutdown");
        schema.put("id", "urn:test:governor-common-fields");
        schema.put("title", EventType.GOVERNOR.protocol());
        ObjectNode protocol = (ObjectNode) schema.path("properties").path("protocol");
        protocol.putArray("enum").add(EventType.GOVERNOR.legacyProtocol()).add(EventType.GOVERNOR.protocol());
        return schema;
    }

    private static JsonNode officialSchema(String typeName) {
        return ConformanceFiles.readJson(SCHEMA_DIR + typeName + ".json");
    }

    private static JsonNode parse(byte[] json) {
        try {
            return ConformanceFiles.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("encoded event is not JSON: " + e.getMessage(), e);
        }
    }

    /** Answers any http(s) load by failing; classpath meta-schemas still load through the defaults. */
    private static final class RefuseRemote implements SchemaLoader {
        @Override
        public InputStreamSource getSchema(AbsoluteIri iri) {
            String s = iri.toString();
            if (s.startsWith("http:") || s.startsWith("https:")) {
                REMOTE_REQUESTS.add(s);
                return () -> {
                    throw new IOException("refusing to fetch " + s + ": schemas are read from disk only");
                };
            }
            return null;
        }
    }
}
