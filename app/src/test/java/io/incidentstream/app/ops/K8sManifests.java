package io.incidentstream.app.ops;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads ops/k8s as the API server would: each document is bound to the Kubernetes object model of
 * its apiVersion and kind (fabric8), strictly. Unknown fields fail (the models' catch-all for
 * unknown fields is removed), and so do scalars of the wrong type (a number or boolean where the
 * API has a string, as in an unquoted annotation value), which the API server refuses too.
 */
final class K8sManifests {

  static final Path K8S = OpsFiles.OPS.resolve("k8s");
  static final Path BASE = K8S.resolve("base");
  static final Path OVERLAYS = K8S.resolve("overlays");
  static final Path SECRET_EXAMPLE = BASE.resolve("secret.example.yaml");

  /** The API versions and kinds ops/k8s may use, with their model classes. */
  static final Map<String, Class<? extends HasMetadata>> MODELS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/Namespace", Namespace.class,
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

  static final ObjectMapper STRICT = strictMapper();

  /** One YAML document of a file, as parsed and as bound to its model. */
  record Manifest(String where, Map<String, Object> raw, HasMetadata object) {
    String kind() {
      return object.getKind();
    }

    String name() {
      return object.getMetadata().getName();
    }
  }

  /** A document that is not a valid object of its kind, and why. */
  static final class InvalidManifest extends RuntimeException {
    InvalidManifest(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private K8sManifests() {}

  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule().setDeserializerModifier(new NoCatchAll()))
            .build();
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }

  /**
   * The models keep unknown fields in {@code additionalProperties} (a Jackson any-setter): without
   * it, Jackson reports them as unknown, with their path.
   */
  private static final class NoCatchAll extends BeanDeserializerModifier {
    @Override
    public BeanDeserializerBuilder updateBuilder(
        DeserializationConfig config,
        BeanDescription description,
        BeanDeserializerBuilder builder) {
      builder.setAnySetter(null);
      return builder;
    }
  }

  /** Every YAML file under {@code dir}, sorted. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isKustomization(Path file) {
    return file.getFileName().toString().equals("kustomization.yaml");
  }

  /** The documents of a YAML text (empty documents skipped), as maps. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> documents = new ArrayList<>();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    for (Object document : new Yaml(options).loadAll(yaml)) {
      if (document == null) {
        continue;
      }
      if (!(document instanceof Map)) {
        throw new InvalidManifest("a document is not a mapping: " + document, null);
      }
      documents.add((Map<String, Object>) document);
    }
    return documents;
  }

  static List<Manifest> read(Path file) {
    try {
      return parse(OpsFiles.OPS.getParent().relativize(file).toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Binds every document of {@code yaml} to its model, strictly. */
  static List<Manifest> parse(String where, String yaml) {
    List<Manifest> manifests = new ArrayList<>();
    List<Map<String, Object>> documents = documents(yaml);
    for (int i = 0; i < documents.size(); i++) {
      manifests.add(bind(where + " document " + (i + 1), documents.get(i)));
    }
    return manifests;
  }

  static Manifest bind(String where, Map<String, Object> raw) {
    String type = raw.get("apiVersion") + "/" + raw.get("kind");
    Class<? extends HasMetadata> model = MODELS.get(type);
    if (model == null) {
      throw new InvalidManifest(where + ": unknown apiVersion/kind " + type, null);
    }
    HasMetadata object;
    try {
      object = STRICT.convertValue(raw, model);
    } catch (IllegalArgumentException e) {
      throw new InvalidManifest(where + " (" + type + "): " + e.getMessage(), e);
    }
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new InvalidManifest(where + " (" + type + "): no metadata.name", null);
    }
    return new Manifest(where, raw, object);
  }

  /** Every manifest of the base, secret.example.yaml included (it documents the Secret). */
  static List<Manifest> base() {
    List<Manifest> all = new ArrayList<>();
    for (Path file : yamlFiles(BASE)) {
      if (!isKustomization(file)) {
        all.addAll(read(file));
      }
    }
    return all;
  }

  /**
   * The series behind each pods metric of the HPA, as the metrics adapter reads them: a {@code
   * _per_second} metric is the rate of the {@code _total} counter (README, "Kubernetes").
   */
  static List<OpsFiles.Query> autoscalingSeries() {
    List<OpsFiles.Query> series = new ArrayList<>();
    Path hpa = BASE.resolve("hpa.yaml");
    for (HorizontalPodAutoscaler h : ofType(read(hpa), HorizontalPodAutoscaler.class)) {
      for (var metric : h.getSpec().getMetrics()) {
        if (metric.getPods() != null) {
          String name = metric.getPods().getMetric().getName();
          series.add(
              new OpsFiles.Query(
                  OpsFiles.OPS.getParent().relativize(hpa) + " metric " + name,
                  name.replaceFirst("_per_second$", "_total")));
        }
      }
    }
    return series;
  }

  static <T extends HasMetadata> List<T> ofType(List<Manifest> manifests, Class<T> type) {
    return manifests.stream()
        .map(Manifest::object)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  static <T extends HasMetadata> T one(List<Manifest> manifests, Class<T> type, String name) {
    return ofType(manifests, type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + type.getSimpleName() + " named " + name + " found"));
  }
}
