package io.incidentstream.streaming.demo;

import io.incidentstream.domain.model.IncidentType;
import java.util.List;
import java.util.Random;

/** The fixed cast of the demo: services, their typical failures, playbooks and people. */
final class DemoCatalog {

  record Playbook(String id, String name, List<String> actions) {}

  record Problem(
      String alertType,
      String title,
      String description,
      String rootCause,
      IncidentType type,
      Playbook playbook) {}

  record Service(String name, String team, List<Problem> problems) {}

  static final Playbook RESTART =
      new Playbook(
          "pb-restart-pods",
          "Restart unhealthy pods",
          List.of("cordon-node", "drain-pods", "restart-deployment", "verify-health"));
  static final Playbook FAILOVER =
      new Playbook(
          "pb-db-failover",
          "Fail over primary database",
          List.of("snapshot-primary", "promote-replica", "repoint-connection-pool"));
  static final Playbook SCALE_OUT =
      new Playbook("pb-scale-out", "Scale out service", List.of("increase-replicas", "warm-cache"));
  static final Playbook ROLLBACK =
      new Playbook(
          "pb-rollback-release",
          "Roll back last release",
          List.of("freeze-deploys", "rollback-release", "verify-error-rate"));

  static final List<Service> SERVICES =
      List.of(
          new Service(
              "checkout-api",
              "checkout",
              List.of(
                  new Problem(
                      "HighErrorRate",
                      "checkout-api 5xx rate above 5%",
                      "HTTP 5xx responses on POST /checkout exceeded 5% for 5 minutes",
                      "Release 2.14.3 introduced a null pointer in coupon validation",
                      IncidentType.APPLICATION,
                      ROLLBACK),
                  new Problem(
                      "HighLatency",
                      "checkout-api p99 latency above 2s",
                      "p99 latency on /checkout rose from 300ms to 2.4s",
                      "Connection pool exhausted under Black Friday traffic",
                      IncidentType.PERFORMANCE,
                      SCALE_OUT))),
          new Service(
              "payments-db",
              "payments",
              List.of(
                  new Problem(
                      "ReplicationLag",
                      "payments-db replication lag above 30s",
                      "Replica payments-db-2 is 45s behind the primary",
                      "Primary disk I/O saturated by an unindexed reporting query",
                      IncidentType.DATA,
                      FAILOVER))),
          new Service(
              "auth-service",
              "identity",
              List.of(
                  new Problem(
                      "PodCrashLooping",
                      "auth-service pods crash looping",
                      "3 of 6 auth-service pods in CrashLoopBackOff",
                      "Memory limit too low after the JWT cache was enlarged",
                      IncidentType.AVAILABILITY,
                      RESTART))),
          new Service(
              "search-indexer",
              "platform",
              List.of(
                  new Problem(
                      "QueueBacklog",
                      "search-indexer backlog above 100k messages",
                      "Kafka consumer lag on topic catalog-updates keeps growing",
                      "Consumer group rebalancing in a loop after a broker restart",
                      IncidentType.INFRASTRUCTURE,
                      RESTART))),
          new Service(
              "edge-gateway",
              "platform",
              List.of(
                  new Problem(
                      "CertificateExpiry",
                      "edge-gateway TLS certificate expires in 24h",
                      "Certificate for api.example.com expires tomorrow at 09:00 UTC",
                      "Automatic renewal failed: DNS challenge record missing",
                      IncidentType.SECURITY,
                      ROLLBACK))));

  static final List<String> SOURCES = List.of("prometheus", "datadog", "cloudwatch", "pagerduty");
  static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  static final List<String> ENVIRONMENTS = List.of("prod", "prod", "prod", "staging");
  static final List<String> RESPONDERS =
      List.of("alice.nguyen", "bob.martins", "carla.diaz", "dev.patel", "erin.okafor");
  static final List<String> CHANNELS = List.of("slack", "pagerduty", "email", "msteams");

  private DemoCatalog() {}

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
