package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.incidentstream.app.ops.K8sManifests.InvalidManifest;
import io.incidentstream.app.ops.K8sManifests.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * ops/k8s against the Kubernetes API object models (strictly: an unknown or misspelt field fails),
 * the kustomizations' references, and the references between the objects; with kubectl on the PATH,
 * each overlay as kustomize renders it, too.
 */
class KubernetesManifestsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: x
      spec:
        selector:
          matchLabels: {app: x}
        template:
          metadata:
            labels: {app: x}
            annotations:
              prometheus.io/scrape: "true"
          spec:
            containers:
              - name: x
                image: x:1
                ports:
                  - containerPort: 8080
      """;

  private static final Set<String> KUSTOMIZATION_FIELDS =
      Set.of("apiVersion", "kind", "namespace", "resources", "patches", "images");

  @Test
  void shouldBindEveryManifestStrictlyToItsKind() {
    int documents = 0;
    for (Path file : K8sManifests.yamlFiles(K8sManifests.K8S)) {
      if (K8sManifests.isKustomization(file)) {
        continue;
      }
      List<Manifest> manifests = K8sManifests.read(file);
      assertThat(manifests).as(file.toString()).isNotEmpty();
      documents += manifests.size();
    }
    assertThat(documents).isGreaterThanOrEqualTo(12);
  }

  @Test
  void shouldAcceptTheValidSample() {
    assertThat(K8sManifests.parse("sample", DEPLOYMENT)).hasSize(1);
  }

  @Test
  void shouldRejectAMisspeltFieldAtAnyDepth() {
    assertThatThrownBy(
            () -> K8sManifests.parse("sample", DEPLOYMENT.replace("  selector:", "  selectr:")))
        .isInstanceOf(InvalidManifest.class)
        .hasMessageContaining("selectr");
    assertThatThrownBy(
            () ->
                K8sManifests.parse(
                    "sample", DEPLOYMENT.replace("- containerPort: 8080", "- containerPrt: 8080")))
        .isInstanceOf(InvalidManifest.class)
        .hasMessageContaining("containerPrt");
  }

  @Test
  void shouldRejectAScalarOfTheWrongType() {
    assertThatThrownBy(
            () ->
                K8sManifests.parse(
                    "sample", DEPLOYMENT.replace("scrape: \"true\"", "scrape: true")))
        .as("an unquoted annotation value is a boolean; the API server wants a string")
        .isInstanceOf(InvalidManifest.class);
    assertThatThrownBy(
            () ->
                K8sManifests.parse(
                    "sample", DEPLOYMENT.replace("containerPort: 8080", "containerPort: \"8080\"")))
        .isInstanceOf(InvalidManifest.class);
  }

  @Test
  void shouldRejectAnUnknownKindOrVersion() {
    assertThatThrownBy(
            () ->
                K8sManifests.parse(
                    "sample",
                    DEPLOYMENT.replace("apiVersion: apps/v1", "apiVersion: apps/v1beta1")))
        .isInstanceOf(InvalidManifest.class)
        .hasMessageContaining("apps/v1beta1/Deployment");
  }

  @Test
  void shouldFindNoBrokenReferenceInTheBase() {
    assertThat(K8sReferences.problems(K8sManifests.base())).isEmpty();
  }

  @Test
  void shouldFindNoBrokenReferenceInTheDevOverlay() {
    List<Manifest> all = new ArrayList<>(K8sManifests.base());
    all.addAll(K8sManifests.read(K8sManifests.OVERLAYS.resolve("dev/redis.yaml")));
    assertThat(K8sReferences.problems(all)).isEmpty();
  }

  @Test
  void shouldReportBrokenReferences() throws IOException {
    Map<String, String> broken =
        Map.of(
            "service.yaml", "app.kubernetes.io/component: server\n  ports:",
            "hpa.yaml", "    name: incident-stream\n  # Two",
            "pdb.yaml", "      app.kubernetes.io/component: server\n",
            "ingress.yaml", "                  name: http\n          - path: /api");
    Map<String, String> replacement =
        Map.of(
            "service.yaml", "app.kubernetes.io/component: serv\n  ports:",
            "hpa.yaml", "    name: incident-streams\n  # Two",
            "pdb.yaml", "      app.kubernetes.io/component: redis\n",
            "ingress.yaml", "                  name: https\n          - path: /api");
    for (String file : broken.keySet()) {
      List<Manifest> manifests = new ArrayList<>();
      for (Path f : K8sManifests.yamlFiles(K8sManifests.BASE)) {
        if (K8sManifests.isKustomization(f)) {
          continue;
        }
        String text = Files.readString(f);
        if (f.getFileName().toString().equals(file)) {
          assertThat(text).as(file).contains(broken.get(file));
          text = text.replace(broken.get(file), replacement.get(file));
        }
        manifests.addAll(K8sManifests.parse(f.toString(), text));
      }
      assertThat(K8sReferences.problems(manifests)).as("after breaking " + file).isNotEmpty();
    }
  }

  @Test
  void shouldReportAProbeOnAPortThatDoesNotExist() {
    String probed =
        DEPLOYMENT
            + """
                      readinessProbe:
                        httpGet:
                          path: /health/readiness
                          port: http
            """;
    assertThat(K8sReferences.problems(K8sManifests.parse("sample", probed)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("probe's port \"http\"");
  }

  @Test
  void shouldReferenceOnlyFilesThatExistFromEachKustomization() throws IOException {
    for (Path file : K8sManifests.yamlFiles(K8sManifests.K8S)) {
      if (K8sManifests.isKustomization(file)) {
        assertThat(kustomizationProblems(file)).as(file.toString()).isEmpty();
      }
    }
  }

  @Test
  void shouldReportAMissingKustomizationResource() throws IOException {
    Path dir = Files.createTempDirectory("kustomization");
    Path file = dir.resolve("kustomization.yaml");
    Files.writeString(
        file,
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gone.yaml]\n");
    assertThat(kustomizationProblems(file)).singleElement().asString().contains("gone.yaml");
  }

  /** The drain fits in the grace period: preStop sleep + shutdown grace + close + bus stop. */
  @Test
  void shouldGiveTheDrainTimeBeforeTheKill() {
    List<Manifest> base = K8sManifests.base();
    Deployment deployment = K8sManifests.one(base, Deployment.class, "incident-stream");
    Map<String, String> config =
        K8sManifests.one(base, ConfigMap.class, "incident-stream-config").getData();
    var pod = deployment.getSpec().getTemplate().getSpec();
    long preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds();
    Duration needed =
        Duration.ofSeconds(preStop)
            .plus(duration(config.get("STREAM_SHUTDOWN_GRACE")))
            .plusSeconds(3) // CloseHandshake.CLOSE_HANDSHAKE_TIMEOUT
            .plus(duration(applicationSetting("stream.bus.shutdown-timeout")));
    assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
        .isGreaterThanOrEqualTo(needed);
    assertThat(preStop).as("the endpoints need a few seconds to drop the pod").isBetween(3L, 15L);
  }

  @Test
  void shouldKeepProxyTimeoutsAboveTheHeartbeat() {
    List<Manifest> base = K8sManifests.base();
    Ingress ingress = K8sManifests.one(base, Ingress.class, "incident-stream");
    Duration heartbeat =
        duration(
            K8sManifests.one(base, ConfigMap.class, "incident-stream-config")
                .getData()
                .get("STREAM_HEARTBEAT_INTERVAL"));
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
      String seconds = annotations.get("nginx.ingress.kubernetes.io/" + timeout);
      assertThat(seconds).as(timeout).isNotNull();
      assertThat(Duration.ofSeconds(Long.parseLong(seconds)))
          .as(timeout)
          .isGreaterThan(heartbeat.multipliedBy(2));
    }
    assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
  }

  @Test
  void shouldDefineEachReferencedVariableBeforeItsUse() {
    Deployment deployment =
        K8sManifests.one(K8sManifests.base(), Deployment.class, "incident-stream");
    for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
      Set<String> defined = new HashSet<>();
      for (EnvVar env : c.getEnv()) {
        Matcher m =
            Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)")
                .matcher(String.valueOf(env.getValue()));
        while (m.find()) {
          assertThat(defined)
              .as(env.getName() + " expands $(" + m.group(1) + ")")
              .contains(m.group(1));
        }
        defined.add(env.getName());
      }
    }
  }

  /** The memory arithmetic of deployment.yaml assumes the image's heap share: keep them equal. */
  @Test
  void shouldSizeMemoryWithTheImagesHeapShare() throws IOException {
    Path dockerfile = OpsFiles.OPS.resolve("Dockerfile");
    Assumptions.assumeTrue(Files.exists(dockerfile), "ops/Dockerfile is not there yet");
    Pattern share = Pattern.compile("MaxRAMPercentage=(\\d+)");
    Matcher image = share.matcher(Files.readString(dockerfile));
    Matcher sized = share.matcher(Files.readString(K8sManifests.BASE.resolve("deployment.yaml")));
    assertThat(image.find()).as("ops/Dockerfile sets -XX:MaxRAMPercentage").isTrue();
    assertThat(sized.find()).as("deployment.yaml states the share it assumes").isTrue();
    assertThat(sized.group(1)).isEqualTo(image.group(1));
  }

  /** kustomize's own rendering of each overlay, when kubectl is here (README, "Kubernetes"). */
  @Test
  void shouldRenderEachOverlayIntoValidManifests() throws Exception {
    Assumptions.assumeTrue(kubectlKustomize(), "kubectl (with kustomize v4+) is not on the PATH");
    List<Manifest> secretExample = K8sManifests.read(K8sManifests.SECRET_EXAMPLE);
    for (String overlay : List.of("dev", "prod")) {
      Process kubectl =
          new ProcessBuilder(
                  "kubectl", "kustomize", K8sManifests.OVERLAYS.resolve(overlay).toString())
              .redirectErrorStream(false)
              .start();
      String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(kubectl.exitValue()).as(overlay + ": " + errors).isZero();
      List<Manifest> manifests =
          new ArrayList<>(K8sManifests.parse(overlay + " (rendered)", rendered));
      assertThat(manifests).as(overlay).hasSizeGreaterThanOrEqualTo(8);
      for (Manifest m : manifests) {
        if (!m.kind().equals("Namespace")) {
          assertThat(m.object().getMetadata().getNamespace())
              .as(m.where())
              .startsWith("incident-stream");
        }
      }
      manifests.addAll(secretExample);
      assertThat(K8sReferences.problems(manifests)).as(overlay).isEmpty();
    }
  }

  private static boolean kubectlKustomize() {
    try {
      Process p =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS)
          && p.exitValue() == 0
          && out.matches("(?s).*Kustomize Version: v[4-9].*");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Unknown fields, and resources, patches and images that point at nothing. */
  @SuppressWarnings("unchecked")
  private static List<String> kustomizationProblems(Path file) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Object> k = new Yaml().load(Files.readString(file));
    Path dir = file.getParent();
    for (String field : k.keySet()) {
      if (!KUSTOMIZATION_FIELDS.contains(field)) {
        problems.add("field " + field + " is not one this check knows");
      }
    }
    List<Manifest> built = new ArrayList<>();
    for (String resource : (List<String>) k.getOrDefault("resources", List.of())) {
      Path path = dir.resolve(resource).normalize();
      if (Files.isDirectory(path) && Files.exists(path.resolve("kustomization.yaml"))) {
        for (Path f : K8sManifests.yamlFiles(path)) {
          if (!K8sManifests.isKustomization(f) && !f.equals(K8sManifests.SECRET_EXAMPLE)) {
            built.addAll(K8sManifests.read(f));
          }
        }
      } else if (Files.isRegularFile(path)) {
        built.addAll(K8sManifests.read(path));
      } else {
        problems.add("resource " + resource + " does not exist");
      }
    }
    for (Map<String, Object> patch :
        (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
      String kind;
      String name;
      if (patch.containsKey("path")) {
        Path path = dir.resolve(String.valueOf(patch.get("path")));
        if (!Files.isRegularFile(path)) {
          problems.add("patch " + patch.get("path") + " does not exist");
          continue;
        }
        Manifest m = K8sManifests.read(path).get(0);
        kind = m.kind();
        name = m.name();
      } else {
        Map<String, Object> target = (Map<String, Object>) patch.get("target");
        kind = String.valueOf(target.get("kind"));
        name = String.valueOf(target.get("name"));
      }
      if (built.stream().noneMatch(m -> m.kind().equals(kind) && m.name().equals(name))) {
        problems.add("patch of " + kind + " " + name + ", which the resources do not hold");
      }
    }
    Set<String> images = new HashSet<>();
    for (Deployment d : K8sManifests.ofType(built, Deployment.class)) {
      d.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .forEach(c -> images.add(c.getImage().split(":")[0]));
    }
    for (Map<String, Object> image :
        (List<Map<String, Object>>) k.getOrDefault("images", List.of())) {
      if (!images.contains(String.valueOf(image.get("name")))) {
        problems.add("image " + image.get("name") + " is used by no Deployment");
      }
    }
    return problems;
  }

  static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** A value of application.yml by its dotted key. */
  @SuppressWarnings("unchecked")
  static String applicationSetting(String key) {
    try {
      Object node = new Yaml().load(Files.readString(DeployDrift.APPLICATION_YML));
      for (String part : key.split("\\.")) {
        node = ((Map<String, Object>) node).get(part);
      }
      return String.valueOf(node);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
