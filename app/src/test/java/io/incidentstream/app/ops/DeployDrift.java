package io.incidentstream.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.incidentstream.app.ops.K8sManifests.Manifest;
import io.incidentstream.app.ops.K8sReferences.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Compares what the deployment files (ops/k8s, ops/compose) hand the application with what it
 * reads. An environment variable is a setting when Micronaut maps it to a property the application
 * or one of its libraries declares (upper case, '.' and '-' as '_': STREAM_SHUTDOWN_GRACE is
 * stream.shutdown-grace), when application.yml or logback.xml reads it by name (${JWT_SECRET:}), or
 * when the JVM or the OpenTelemetry SDK does. Stateless.
 */
final class DeployDrift {

  static final Path REPO = OpsFiles.OPS.getParent();
  static final Path APPLICATION_YML = REPO.resolve("app/src/main/resources/application.yml");
  static final Path LOGBACK_XML = REPO.resolve("app/src/main/resources/logback.xml");
  static final Path COMPOSE = OpsFiles.OPS.resolve("compose/docker-compose.yml");

  /** Read by the JVM itself (the image's java command). */
  static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

  /** Read by the OpenTelemetry SDK (README, "Tracing"). */
  static final String OTEL_PREFIX = "OTEL_";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}-]");
  private static final Pattern K8S_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Environment handed to one app container or compose service, and its ports. */
  record Target(String where, Map<String, String> env, List<Integer> ports, int replicas) {}

  /** What the application reads: property names and variables read by name. */
  record Settings(Set<String> properties, Set<String> variables, int defaultPort) {

    boolean reads(String variable) {
      return variables.contains(variable)
          || JVM.contains(variable)
          || variable.startsWith(OTEL_PREFIX)
          || properties.contains(variable);
    }

    /** The port the application listens on with this environment. */
    int port(Map<String, String> env) {
      String port = env.get("PORT");
      if (port == null) {
        port = env.get("MICRONAUT_SERVER_PORT");
      }
      return port == null || port.isBlank() ? defaultPort : Integer.parseInt(port.strip());
    }
  }

  private DeployDrift() {}

  static String environmentName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The properties declared by every configuration class on the classpath (the application's
   * modules and Micronaut's, from their configuration metadata) and every key of application.yml,
   * commented-out settings ({@code #key: value}) included, all as environment names.
   */
  static Settings settings() {
    Set<String> properties = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try {
      Enumeration<URL> metadata =
          DeployDrift.class
              .getClassLoader()
              .getResources("META-INF/spring-configuration-metadata.json");
      while (metadata.hasMoreElements()) {
        try (InputStream in = metadata.nextElement().openStream()) {
          for (JsonNode property : json.readTree(in).path("properties")) {
            properties.add(environmentName(property.path("name").asText()));
          }
        }
      }
      String yml = Files.readString(APPLICATION_YML);
      collectKeys("", new Yaml().load(yml), properties);
      collectCommentedKeys(yml, properties);
      Set<String> variables = new TreeSet<>();
      collectPlaceholders(yml, variables);
      collectPlaceholders(Files.readString(LOGBACK_XML), variables);
      return new Settings(properties, variables, defaultPort(yml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectKeys(String prefix, Object node, Set<String> into) {
    if (!(node instanceof Map)) {
      return;
    }
    for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      into.add(environmentName(key));
      collectKeys(key, e.getValue(), into);
    }
  }

  /** {@code #key: value} lines under a section of application.yml, by their indentation. */
  private static void collectCommentedKeys(String yml, Set<String> into) {
    List<String> path = new ArrayList<>();
    Pattern line = Pattern.compile("^( *)(#)?([a-z][a-z0-9-]*):.*$");
    for (String text : yml.split("\n")) {
      Matcher m = line.matcher(text);
      if (!m.matches()) {
        continue;
      }
      int depth = m.group(1).length() / 2;
      while (path.size() > depth) {
        path.remove(path.size() - 1);
      }
      String key = String.join(".", path) + (path.isEmpty() ? "" : ".") + m.group(3);
      if (m.group(2) != null) {
        into.add(environmentName(key));
      } else {
        path.add(m.group(3));
      }
    }
  }

  private static void collectPlaceholders(String text, Set<String> into) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private static int defaultPort(String yml) {
    Matcher m = Pattern.compile("port: \\$\\{PORT:(\\d+)}").matcher(yml);
    if (!m.find()) {
      throw new IllegalStateException("application.yml: micronaut.server.port is not ${PORT:n}");
    }
    return Integer.parseInt(m.group(1));
  }

  /** The app containers of the Deployments (not Redis), with the environment each gets. */
  static List<Target> k8sTargets(List<Manifest> manifests, int replicas) {
    List<Target> targets = new ArrayList<>();
    for (Workload w : K8sReferences.workloads(manifests)) {
      if (!w.where().startsWith("Deployment ")) {
        continue;
      }
      for (Container c : w.containers()) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
          if (from.getConfigMapRef() != null) {
            K8sReferences.configMap(manifests, from.getConfigMapRef().getName())
                .map(ConfigMap::getData)
                .ifPresent(env::putAll);
          }
        }
        for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
          env.put(
              var.getName(),
              var.getValue() == null ? "<from " + source(var) + ">" : var.getValue());
        }
        List<Integer> ports =
            Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()
                .map(ContainerPort::getContainerPort)
                .toList();
        targets.add(new Target(w.where() + " container " + c.getName(), env, ports, replicas));
      }
    }
    return targets;
  }

  private static String source(EnvVar var) {
    var from = var.getValueFrom();
    if (from.getSecretKeyRef() != null) {
      return "secret";
    }
    return from.getFieldRef() != null ? "field " + from.getFieldRef().getFieldPath() : "reference";
  }

  /**
   * The app services of a compose file: those built from ops/Dockerfile or running an
   * incident-stream image. Environment from {@code environment} (list or map) and from each {@code
   * env_file} (the committed {@code .example} beside one that is not committed); container ports
   * from {@code ports} and {@code expose}.
   */
  @SuppressWarnings("unchecked")
  static List<Target> composeTargets(Path composeFile) {
    Map<String, Object> compose;
    try {
      compose = new Yaml().load(Files.readString(composeFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Map.Entry<String, Map<String, Object>>> apps = new ArrayList<>();
    for (var e : ((Map<String, Object>) compose.get("services")).entrySet()) {
      Map<String, Object> service = (Map<String, Object>) e.getValue();
      if (isApp(service)) {
        apps.add(Map.entry(e.getKey(), service));
      }
    }
    List<Target> targets = new ArrayList<>();
    for (var app : apps) {
      Map<String, Object> service = app.getValue();
      Map<String, String> env = new LinkedHashMap<>();
      for (Path file : envFiles(composeFile.getParent(), service.get("env_file"))) {
        env.putAll(envFile(file));
      }
      env.putAll(composeEnvironment(service.get("environment")));
      List<Integer> ports = new ArrayList<>();
      for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
        ports.add(containerPort(port));
      }
      for (Object port : (List<Object>) service.getOrDefault("expose", List.of())) {
        ports.add(containerPort(port));
      }
      int replicas = apps.size() > 1 ? apps.size() : replicas(service);
      targets.add(
          new Target(
              REPO.relativize(composeFile) + " service " + app.getKey(), env, ports, replicas));
    }
    return targets;
  }

  /** Built here (the image of ops/Dockerfile) or running the application's image. */
  private static boolean isApp(Map<String, Object> service) {
    return service.get("build") != null
        || String.valueOf(service.getOrDefault("image", "")).contains("incident-stream");
  }

  @SuppressWarnings("unchecked")
  private static int replicas(Map<String, Object> service) {
    Object deploy = service.get("deploy");
    if (deploy instanceof Map
        && ((Map<String, Object>) deploy).get("replicas") instanceof Integer n) {
      return n;
    }
    return 1;
  }

  @SuppressWarnings("unchecked")
  private static List<Path> envFiles(Path dir, Object envFile) {
    List<Object> entries =
        envFile == null
            ? List.of()
            : envFile instanceof List ? (List<Object>) envFile : List.of(envFile);
    List<Path> files = new ArrayList<>();
    for (Object entry : entries) {
      Object path = entry instanceof Map ? ((Map<String, Object>) entry).get("path") : entry;
      Path file = dir.resolve(String.valueOf(path)).normalize();
      Path example = file.resolveSibling(file.getFileName() + ".example");
      files.add(Files.exists(file) || !Files.exists(example) ? file : example);
    }
    return files;
  }

  private static Map<String, String> envFile(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          REPO.relativize(file) + ": env_file not found (nor .example)");
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        int eq = text.indexOf('=');
        env.put(
            (eq < 0 ? text : text.substring(0, eq)).replaceFirst("^export ", "").strip(),
            eq < 0 ? "" : text.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> composeEnvironment(Object environment) {
    Map<String, String> env = new LinkedHashMap<>();
    if (environment instanceof Map) {
      ((Map<String, Object>) environment)
          .forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
    } else if (environment instanceof List) {
      for (Object entry : (List<Object>) environment) {
        String text = String.valueOf(entry);
        int eq = text.indexOf('=');
        env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
      }
    }
    return env;
  }

  /** "8081:8080", "127.0.0.1:8081:8080/tcp", 8080, or the long form: the container's side. */
  @SuppressWarnings("unchecked")
  private static int containerPort(Object port) {
    if (port instanceof Map) {
      return Integer.parseInt(String.valueOf(((Map<String, Object>) port).get("target")));
    }
    String text = String.valueOf(port).replaceFirst("/(tcp|udp)$", "");
    return Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
  }

  /**
   * What is wrong with the environment and ports of each target: variables the application does not
   * read, a port other than the one it listens on, a required setting missing.
   *
   * @param required variables every target must set
   */
  static List<String> problems(
      Collection<Target> targets, Settings settings, Set<String> required) {
    List<String> problems = new ArrayList<>();
    for (Target t : targets) {
      Set<String> helpers = referencedOnly(t.env());
      for (String name : t.env().keySet()) {
        if (!settings.reads(name) && !helpers.contains(name)) {
          problems.add(t.where() + ": " + name + " is not a setting the application reads");
        }
      }
      int port = settings.port(t.env());
      for (int p : t.ports()) {
        if (p != port) {
          problems.add(t.where() + ": port " + p + ", but the application listens on " + port);
        }
      }
      if (t.ports().isEmpty()) {
        problems.add(t.where() + ": no port of the application (" + port + ") is exposed");
      }
      for (String name : required) {
        if (!t.env().containsKey(name)) {
          problems.add(t.where() + ": required setting " + name + " is not provided");
        }
      }
      if (t.replicas() > 1 && !t.env().containsKey("REDIS_URI")) {
        problems.add(
            t.where()
                + ": "
                + t.replicas()
                + " instances without REDIS_URI would be separate streams, not one cluster");
      }
    }
    return problems;
  }

  /** Variables set only to be expanded into others ($(POD_IP) in Kubernetes). */
  private static Set<String> referencedOnly(Map<String, String> env) {
    Set<String> referenced = new TreeSet<>();
    for (String value : env.values()) {
      Matcher m = K8S_REFERENCE.matcher(value);
      while (m.find()) {
        referenced.add(m.group(1));
      }
    }
    return referenced;
  }
}
