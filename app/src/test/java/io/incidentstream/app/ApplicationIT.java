package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest
class ApplicationIT {

  @Inject
  @Client("/")
  HttpClient client;

  @Test
  void shouldReportHealthUp() {
    String body = client.toBlocking().retrieve(HttpRequest.GET("/health"));

    assertThat(body).contains("\"status\":\"UP\"");
  }

  @Test
  void shouldServePrometheusMetrics() {
    String body = client.toBlocking().retrieve(HttpRequest.GET("/prometheus"));

    assertThat(body).contains("stream_bus_pending_batches").contains("jvm_memory_used_bytes");
  }

  @Test
  void shouldExportJvmProcessAndNettyAllocatorMetrics() {
    String body = client.toBlocking().retrieve(HttpRequest.GET("/prometheus"));

    assertThat(body)
        .contains(
            "jvm_classes_loaded_classes",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "process_uptime_seconds",
            "process_files_open_files",
            "netty_allocator_memory_used");
  }
}
