package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.incidentstream.app.ops.DeployDrift.Settings;
import io.incidentstream.app.ops.DeployDrift.Target;
import io.incidentstream.app.ops.K8sManifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable and port that ops/k8s and ops/compose hand the application is one it
 * reads, and every required setting is there: JWT_SECRET everywhere (no random development key in a
 * deployment), REDIS_URI wherever several instances run, and in Kubernetes the address the other
 * pods reach this one at.
 */
class DeployDriftTest {

  private static final Settings SETTINGS = DeployDrift.settings();

  private static final Set<String> REQUIRED = Set.of("JWT_SECRET");
  private static final Set<String> REQUIRED_K8S =
      Set.of("JWT_SECRET", "REDIS_URI", "STREAM_CLUSTER_ADVERTISED_ADDRESS");

  @Test
  void shouldKnowTheSettingsTheApplicationReads() {
    assertThat(SETTINGS.properties())
        .contains(
            "STREAM_SHUTDOWN_GRACE",
            "STREAM_MAX_CONNECTIONS",
            "STREAM_INSTANCE_ID",
            "STREAM_CLUSTER_ADVERTISED_ADDRESS",
            "STREAM_GRAPHQL_MAX_DEPTH",
            "REDIS_URI",
            "MICRONAUT_SERVER_PORT");
    assertThat(SETTINGS.variables()).contains("JWT_SECRET", "PORT", "LOG_FORMAT", "JWKS_URL");
    assertThat(SETTINGS.defaultPort()).isEqualTo(8080);
  }

  @Test
  void shouldHandTheKubernetesPodsOnlySettingsTheApplicationReads() {
    List<Manifest> base = K8sManifests.base();
    int minReplicas =
        K8sManifests.one(base, HorizontalPodAutoscaler.class, "incident-stream")
            .getSpec()
            .getMinReplicas();
    List<Target> targets = DeployDrift.k8sTargets(base, minReplicas);
    assertThat(targets).hasSize(1);
    assertThat(DeployDrift.problems(targets, SETTINGS, REQUIRED_K8S)).isEmpty();
    String advertised = targets.get(0).env().get("STREAM_CLUSTER_ADVERTISED_ADDRESS");
    assertThat(advertised).endsWith(":" + SETTINGS.port(targets.get(0).env()));
  }

  @Test
  void shouldScrapeTheApplicationsPort() {
    var deployment =
        K8sManifests.one(
            K8sManifests.base(),
            io.fabric8.kubernetes.api.model.apps.Deployment.class,
            "incident-stream");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", String.valueOf(SETTINGS.defaultPort()))
        .containsEntry("prometheus.io/path", "/prometheus");
  }

  @Test
  void shouldHandTheComposeServicesOnlySettingsTheApplicationReads() {
    Assumptions.assumeTrue(
        Files.exists(DeployDrift.COMPOSE), "ops/compose/docker-compose.yml is not there yet");
    List<Target> targets = DeployDrift.composeTargets(DeployDrift.COMPOSE);
    assertThat(targets).as("the compose file's application services").isNotEmpty();
    assertThat(DeployDrift.problems(targets, SETTINGS, REQUIRED)).isEmpty();
  }

  @Test
  void shouldReportAVariableTheApplicationDoesNotRead() {
    Target target =
        new Target(
            "sample",
            Map.of("JWT_SECRET", "<from secret>", "STREAM_MAX_CONECTIONS", "20000"),
            List.of(8080),
            1);
    assertThat(DeployDrift.problems(List.of(target), SETTINGS, REQUIRED))
        .singleElement()
        .asString()
        .contains("STREAM_MAX_CONECTIONS is not a setting");
  }

  @Test
  void shouldReportAMissingRequiredSettingAndAWrongPort() {
    Target target = new Target("sample", Map.of("LOG_FORMAT", "json"), List.of(8081), 3);
    assertThat(DeployDrift.problems(List.of(target), SETTINGS, REQUIRED))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("JWT_SECRET is not provided"))
        .anySatisfy(p -> assertThat(p).contains("port 8081"))
        .anySatisfy(p -> assertThat(p).contains("without REDIS_URI"));
  }

  @Test
  void shouldFollowPortToTheApplicationsPort() {
    Target target =
        new Target("sample", Map.of("JWT_SECRET", "x", "PORT", "9090"), List.of(9090), 1);
    assertThat(DeployDrift.problems(List.of(target), SETTINGS, REQUIRED)).isEmpty();
  }

  @Test
  void shouldReadACommittedComposeFile() throws IOException {
    Path dir = Files.createTempDirectory("compose");
    Files.writeString(dir.resolve("app.env.example"), "# example\nJWT_SECRET=\n");
    Path compose = dir.resolve("docker-compose.yml");
    Files.writeString(
        compose,
        """
        x-app: &app
          build: {context: ../.., dockerfile: ops/Dockerfile}
          env_file: app.env
          environment:
            REDIS_URI: redis://redis:6379
        services:
          app1:
            <<: *app
            environment:
              REDIS_URI: redis://redis:6379
              STREAM_INSTANCE_ID: app1
          app2:
            <<: *app
            environment: [REDIS_URI=redis://redis:6379, STREAM_INSTNCE_ID=app2]
            expose: ["8080"]
          redis:
            image: redis:7.2
            ports: ["6379:6379"]
        """);
    List<Target> targets = DeployDrift.composeTargets(compose);
    assertThat(targets).extracting(Target::where).allMatch(w -> w.contains("service app"));
    assertThat(DeployDrift.problems(targets, SETTINGS, REQUIRED))
        .containsExactly(
            targets.get(0).where() + ": no port of the application (8080) is exposed",
            targets.get(1).where() + ": STREAM_INSTNCE_ID is not a setting the application reads");
  }
}
