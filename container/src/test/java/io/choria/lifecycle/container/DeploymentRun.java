package io.choria.lifecycle.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a kubelet makes of the chart's Deployment, as {@code podman run} arguments: the pod
 * template's one container with its image, command, arguments, environment, memory limit and
 * security contexts, and its volumes: a configMap from the rendered ConfigMap, a secret from
 * the Secret data given (a cert-manager Secret, say), an emptyDir as a tmpfs; the files with the
 * volume's mode and, as a kubelet does for a pod with an fsGroup, that group. Anything else in
 * the pod template is an error rather than ignored, so a chart change the test cannot run shows.
 */
final class DeploymentRun {
    private final TallyChart.Manifests manifests;
    private final Map<String, Map<String, String>> secrets;
    private final Path volumes;
    private Integer fsGroup;

    /** For {@code manifests}, with {@code secrets} (name, key, content) and the volumes' files under {@code volumes}. */
    DeploymentRun(TallyChart.Manifests manifests, Map<String, Map<String, String>> secrets, Path volumes) {
        this.manifests = manifests;
        this.secrets = secrets;
        this.volumes = volumes;
    }

    /** The arguments after {@code podman run --name NAME}: options, the image, the container's args. */
    List<String> podmanArgs() {
        JsonNode pod = manifests.one("Deployment").path("spec").path("template").path("spec");
        JsonNode container = manifests.container();
        List<String> args = new ArrayList<>();
        podSecurity(pod.path("securityContext"), args);
        containerSecurity(container.path("securityContext"), args);
        String memory = container.path("resources").path("limits").path("memory").asText("");
        if (!memory.isEmpty()) {
            args.add("--memory=" + bytes(memory));
        }
        for (JsonNode e : container.path("env")) {
            args.add("--env=" + e.path("name").asText() + "=" + e.path("value").asText());
        }
        for (JsonNode mount : container.path("volumeMounts")) {
            args.addAll(volume(pod, mount));
        }
        if (container.has("command")) {
            args.add("--entrypoint=" + container.path("command"));
        }
        args.add(container.path("image").asText());
        container.path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    private void podSecurity(JsonNode context, List<String> args) {
        if (context.isMissingNode()) {
            return;
        }
        if (context.has("runAsUser")) {
            args.add("--user=" + context.path("runAsUser").asInt()
                    + (context.has("runAsGroup") ? ":" + context.path("runAsGroup").asInt() : ""));
        }
        if (context.has("fsGroup")) {
            fsGroup = context.path("fsGroup").asInt();
            args.add("--group-add=" + fsGroup);
        }
    }

    private static void containerSecurity(JsonNode context, List<String> args) {
        if (context.path("readOnlyRootFilesystem").asBoolean(false)) {
            args.add("--read-only");
        }
        if (context.has("allowPrivilegeEscalation") && !context.path("allowPrivilegeEscalation").asBoolean()) {
            args.add("--security-opt=no-new-privileges");
        }
        for (JsonNode cap : context.path("capabilities").path("drop")) {
            args.add("--cap-drop=" + cap.asText().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private List<String> volume(JsonNode pod, JsonNode mount) {
        String name = mount.path("name").asText();
        String path = mount.path("mountPath").asText();
        String options = mount.path("readOnly").asBoolean(false) ? ":ro" : "";
        for (JsonNode v : pod.path("volumes")) {
            if (!v.path("name").asText().equals(name)) {
                continue;
            }
            Path dir = volumes.resolve(name);
            if (v.has("configMap")) {
                JsonNode map = configMap(v.path("configMap").path("name").asText());
                write(dir, map.path("data"), v.path("configMap"), 0644);
                return List.of("--volume=" + dir + ":" + path + options);
            }
            if (v.has("secret")) {
                Map<String, String> data = secrets.get(v.path("secret").path("secretName").asText());
                if (data == null) {
                    throw new AssertionError("the pod needs the Secret " + v.path("secret").path("secretName") + ", not given");
                }
                write(dir, TallyChart.YAML.valueToTree(data), v.path("secret"), 0644);
                return List.of("--volume=" + dir + ":" + path + options);
            }
            if (v.has("emptyDir")) {
                return List.of("--tmpfs=" + path + ":rw,mode=1777");
            }
            throw new AssertionError("a volume the test cannot give the pod: " + v);
        }
        throw new AssertionError("no volume " + name + " for the mount " + mount);
    }

    private JsonNode configMap(String name) {
        for (JsonNode d : manifests.documents()) {
            if (d.path("kind").asText().equals("ConfigMap") && d.path("metadata").path("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("the pod needs the ConfigMap " + name + ", which the chart does not render");
    }

    /** The volume's files: its items (key to path) or every key; the volume's defaultMode, else Kubernetes' 0644. */
    private void write(Path dir, JsonNode data, JsonNode source, int defaultMode) {
        int mode = source.has("defaultMode") ? source.path("defaultMode").asInt() : defaultMode;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, permissions(0755));
            List<String[]> files = new ArrayList<>();
            if (source.has("items")) {
                for (JsonNode item : source.path("items")) {
                    files.add(new String[] {item.path("key").asText(), item.path("path").asText()});
                }
            } else {
                data.fieldNames().forEachRemaining(k -> files.add(new String[] {k, k}));
            }
            for (String[] f : files) {
                if (!data.has(f[0])) {
                    throw new AssertionError("the volume wants the key " + f[0] + ", which its source lacks: " + data);
                }
                Path file = dir.resolve(f[1]);
                Files.writeString(file, data.path(f[0]).asText(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, permissions(mode));
                if (fsGroup != null) {
                    Files.setAttribute(file, "unix:gid", fsGroup);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }

    /** A Kubernetes quantity of bytes ({@code 512Mi}, {@code 1Gi}, {@code 300M}, {@code 1000}) in bytes. */
    static long bytes(String quantity) {
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"M", "1000000"},
                {"G", "1000000000"}};
        for (String[] u : units) {
            if (quantity.endsWith(u[0])) {
                return Long.parseLong(quantity.substring(0, quantity.length() - u[0].length())) * Long.parseLong(u[1]);
            }
        }
        return Long.parseLong(quantity);
    }
}
