package io.choria.lifecycle.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart in container/helm, linted and rendered by Helm's own code (helm-java: Helm as a
 * native library), offline: what {@code helm lint --strict} and {@code helm template} say.
 */
final class TallyChart {
    static final Path DIR = Path.of("helm", "choria-lifecycle-tally").toAbsolutePath();
    static final String RELEASE = "tally";
    static final String NAMESPACE = "choria";
    static final ObjectMapper YAML = new YAMLMapper();

    private TallyChart() {
    }

    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /** {@code helm template tally DIR --namespace choria --set k=v ...}, the manifests as Helm writes them. */
    static String render(Map<String, ?> values) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template.call();
    }

    /** As {@link #render(Map)} with a values file, as a user's {@code -f values.yaml}. */
    static String render(Path valuesFile) {
        return new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile).call();
    }

    /** The documents of a render, parsed. */
    static Manifests manifests(String rendered) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(rendered)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    documents.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML:\n" + rendered, e);
        }
        return new Manifests(documents);
    }

    /** The rendered objects. */
    record Manifests(List<JsonNode> documents) {
        /** The one object of {@code kind}; fails when there is none or more than one. */
        JsonNode one(String kind) {
            List<JsonNode> of = documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
            if (of.size() != 1) {
                throw new AssertionError(of.size() + " objects of kind " + kind + " in " + kinds());
            }
            return of.get(0);
        }

        List<String> kinds() {
            return documents.stream().map(d -> d.path("kind").asText()).toList();
        }

        /** The Deployment's one container. */
        JsonNode container() {
            JsonNode containers = one("Deployment").path("spec").path("template").path("spec").path("containers");
            if (containers.size() != 1) {
                throw new AssertionError("expected one container: " + containers);
            }
            return containers.get(0);
        }

        /** The tally's arguments: the Deployment's container args. */
        List<String> args() {
            List<String> args = new ArrayList<>();
            container().path("args").forEach(a -> args.add(a.asText()));
            return args;
        }
    }
}
