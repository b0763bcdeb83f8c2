package io.incidentstream.app.ops;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.incidentstream.app.ops.K8sManifests.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The references between the manifests of one rendering (base, or an overlay's output) that the API
 * server does not check at apply time but that break the deployment: selectors that select nothing,
 * ports, ConfigMaps, Secret keys and volumes that do not exist, an HPA or a backend aimed at the
 * wrong name. Stateless: {@link #problems} lists what is wrong, empty when all is well.
 */
final class K8sReferences {

  /** A pod template and the object that owns it, for messages. */
  record Workload(String where, PodTemplateSpec template) {
    Map<String, String> labels() {
      return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
    }

    List<Container> containers() {
      return template.getSpec().getContainers();
    }

    Set<String> portNames() {
      Set<String> names = new HashSet<>();
      for (Container c : containers()) {
        for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
          if (p.getName() != null) {
            names.add(p.getName());
          }
        }
      }
      return names;
    }

    Set<Integer> portNumbers() {
      Set<Integer> numbers = new HashSet<>();
      for (Container c : containers()) {
        for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
          numbers.add(p.getContainerPort());
        }
      }
      return numbers;
    }

    boolean hasPort(IntOrString port) {
      return port.getIntVal() != null
          ? portNumbers().contains(port.getIntVal())
          : portNames().contains(port.getStrVal());
    }
  }

  private K8sReferences() {}

  static List<Workload> workloads(List<Manifest> manifests) {
    List<Workload> workloads = new ArrayList<>();
    for (Deployment d : K8sManifests.ofType(manifests, Deployment.class)) {
      workloads.add(
          new Workload("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate()));
    }
    for (StatefulSet s : K8sManifests.ofType(manifests, StatefulSet.class)) {
      workloads.add(
          new Workload("StatefulSet " + s.getMetadata().getName(), s.getSpec().getTemplate()));
    }
    return workloads;
  }

  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null
        || selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      return false; // only matchLabels is used here; anything else is checked by a reader
    }
    return selects(Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()), labels);
  }

  static List<Workload> selected(List<Workload> workloads, LabelSelector selector) {
    return workloads.stream().filter(w -> selects(selector, w.labels())).toList();
  }

  static List<String> problems(List<Manifest> manifests) {
    List<String> problems = new ArrayList<>();
    List<Workload> workloads = workloads(manifests);
    for (Workload w : workloads) {
      workloadProblems(w, manifests, problems);
    }
    for (Service s : K8sManifests.ofType(manifests, Service.class)) {
      serviceProblems(s, workloads, problems);
    }
    for (HorizontalPodAutoscaler h :
        K8sManifests.ofType(manifests, HorizontalPodAutoscaler.class)) {
      CrossVersionObjectReference target = h.getSpec().getScaleTargetRef();
      boolean found =
          "Deployment".equals(target.getKind())
              && "apps/v1".equals(target.getApiVersion())
              && K8sManifests.ofType(manifests, Deployment.class).stream()
                  .anyMatch(d -> d.getMetadata().getName().equals(target.getName()));
      if (!found) {
        problems.add(
            "HPA "
                + h.getMetadata().getName()
                + " scales "
                + target.getKind()
                + " "
                + target.getName()
                + ", which is not an apps/v1 Deployment here");
      }
    }
    for (PodDisruptionBudget p : K8sManifests.ofType(manifests, PodDisruptionBudget.class)) {
      if (selected(workloads, p.getSpec().getSelector()).isEmpty()) {
        problems.add("PDB " + p.getMetadata().getName() + " selects no workload's pods");
      }
    }
    for (NetworkPolicy n : K8sManifests.ofType(manifests, NetworkPolicy.class)) {
      networkPolicyProblems(n, workloads, problems);
    }
    for (Ingress i : K8sManifests.ofType(manifests, Ingress.class)) {
      ingressProblems(i, manifests, problems);
    }
    return problems;
  }

  private static void workloadProblems(
      Workload w, List<Manifest> manifests, List<String> problems) {
    Set<String> volumes = new HashSet<>();
    for (Volume v : Optional.ofNullable(w.template().getSpec().getVolumes()).orElse(List.of())) {
      volumes.add(v.getName());
    }
    for (Container c : w.containers()) {
      String where = w.where() + " container " + c.getName();
      for (Probe probe :
          new Probe[] {c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()}) {
        probePortProblem(where, probe, w).ifPresent(problems::add);
      }
      for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
        if (from.getConfigMapRef() != null
            && configMap(manifests, from.getConfigMapRef().getName()).isEmpty()) {
          problems.add(
              where + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " not found");
        }
      }
      for (EnvVar env : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
        envRefProblem(where, env, manifests).ifPresent(problems::add);
      }
      for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
        if (!volumes.contains(m.getName()) && !claimTemplates(manifests).contains(m.getName())) {
          problems.add(where + ": volume " + m.getName() + " mounted but not declared");
        }
      }
    }
  }

  private static Set<String> claimTemplates(List<Manifest> manifests) {
    Set<String> names = new HashSet<>();
    for (StatefulSet s : K8sManifests.ofType(manifests, StatefulSet.class)) {
      Optional.ofNullable(s.getSpec().getVolumeClaimTemplates())
          .orElse(List.of())
          .forEach(t -> names.add(t.getMetadata().getName()));
    }
    return names;
  }

  private static Optional<String> probePortProblem(String where, Probe probe, Workload w) {
    if (probe == null) {
      return Optional.empty();
    }
    HTTPGetAction http = probe.getHttpGet();
    TCPSocketAction tcp = probe.getTcpSocket();
    IntOrString port = http != null ? http.getPort() : tcp != null ? tcp.getPort() : null;
    if (port != null && !w.hasPort(port)) {
      return Optional.of(where + ": a probe's port " + describe(port) + " is not a container port");
    }
    return Optional.empty();
  }

  private static Optional<String> envRefProblem(
      String where, EnvVar env, List<Manifest> manifests) {
    if (env.getValueFrom() == null) {
      return Optional.empty();
    }
    var secretRef = env.getValueFrom().getSecretKeyRef();
    if (secretRef != null) {
      Optional<Secret> secret = secret(manifests, secretRef.getName());
      boolean hasKey =
          secret
              .map(
                  s ->
                      Optional.ofNullable(s.getStringData())
                              .orElse(Map.of())
                              .containsKey(secretRef.getKey())
                          || Optional.ofNullable(s.getData())
                              .orElse(Map.of())
                              .containsKey(secretRef.getKey()))
              .orElse(false);
      if (!hasKey) {
        return Optional.of(
            where
                + ": "
                + env.getName()
                + " reads key "
                + secretRef.getKey()
                + " of Secret "
                + secretRef.getName()
                + ", which no Secret here documents");
      }
    }
    var configRef = env.getValueFrom().getConfigMapKeyRef();
    if (configRef != null
        && configMap(manifests, configRef.getName())
            .map(
                m ->
                    !Optional.ofNullable(m.getData())
                        .orElse(Map.of())
                        .containsKey(configRef.getKey()))
            .orElse(true)) {
      return Optional.of(
          where + ": " + env.getName() + " reads a missing ConfigMap key " + configRef.getKey());
    }
    return Optional.empty();
  }

  static Optional<ConfigMap> configMap(List<Manifest> manifests, String name) {
    return K8sManifests.ofType(manifests, ConfigMap.class).stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .findFirst();
  }

  static Optional<Secret> secret(List<Manifest> manifests, String name) {
    return K8sManifests.ofType(manifests, Secret.class).stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .findFirst();
  }

  private static void serviceProblems(Service s, List<Workload> workloads, List<String> problems) {
    Map<String, String> selector = Optional.ofNullable(s.getSpec().getSelector()).orElse(Map.of());
    List<Workload> backing = workloads.stream().filter(w -> selects(selector, w.labels())).toList();
    String where = "Service " + s.getMetadata().getName();
    if (backing.isEmpty()) {
      problems.add(where + ": selector " + selector + " matches no workload's pod labels");
      return;
    }
    for (ServicePort port : s.getSpec().getPorts()) {
      IntOrString target =
          Objects.requireNonNullElse(port.getTargetPort(), new IntOrString(port.getPort()));
      for (Workload w : backing) {
        if (!w.hasPort(target)) {
          problems.add(
              where + ": targetPort " + describe(target) + " is not a port of " + w.where());
        }
      }
    }
  }

  private static void networkPolicyProblems(
      NetworkPolicy n, List<Workload> workloads, List<String> problems) {
    String where = "NetworkPolicy " + n.getMetadata().getName();
    List<Workload> guarded = selected(workloads, n.getSpec().getPodSelector());
    if (guarded.isEmpty()) {
      problems.add(where + ": podSelector selects no workload's pods");
      return;
    }
    for (NetworkPolicyIngressRule rule :
        Optional.ofNullable(n.getSpec().getIngress()).orElse(List.of())) {
      for (NetworkPolicyPort port : Optional.ofNullable(rule.getPorts()).orElse(List.of())) {
        for (Workload w : guarded) {
          if (!w.hasPort(port.getPort())) {
            problems.add(
                where + ": port " + describe(port.getPort()) + " is not a port of " + w.where());
          }
        }
      }
      for (NetworkPolicyPeer peer : Optional.ofNullable(rule.getFrom()).orElse(List.of())) {
        boolean sameNamespacePods =
            peer.getNamespaceSelector() == null && peer.getPodSelector() != null;
        if (sameNamespacePods && selected(workloads, peer.getPodSelector()).isEmpty()) {
          problems.add(where + ": a from.podSelector selects no workload's pods");
        }
      }
    }
  }

  private static void ingressProblems(Ingress i, List<Manifest> manifests, List<String> problems) {
    String where = "Ingress " + i.getMetadata().getName();
    for (IngressRule rule : i.getSpec().getRules()) {
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        IngressServiceBackend backend = path.getBackend().getService();
        Optional<Service> service =
            K8sManifests.ofType(manifests, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(backend.getName()))
                .findFirst();
        if (service.isEmpty()) {
          problems.add(where + " " + path.getPath() + ": no Service " + backend.getName());
          continue;
        }
        String portName = backend.getPort().getName();
        Integer portNumber = backend.getPort().getNumber();
        boolean portFound =
            service.get().getSpec().getPorts().stream()
                .anyMatch(
                    p ->
                        portName != null
                            ? portName.equals(p.getName())
                            : Objects.equals(portNumber, p.getPort()));
        if (!portFound) {
          problems.add(
              where
                  + " "
                  + path.getPath()
                  + ": Service "
                  + backend.getName()
                  + " has no such port");
        }
      }
    }
  }

  private static String describe(IntOrString port) {
    return port.getIntVal() != null ? port.getIntVal().toString() : "\"" + port.getStrVal() + "\"";
  }
}
