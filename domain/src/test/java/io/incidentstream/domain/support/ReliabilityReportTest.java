package io.incidentstream.domain.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityReportTest {

  @Test
  void shouldWriteASectionUnderTheRepositoryTargetWithItsHeading() throws Exception {
    ReliabilityReport.section("99-selftest", "Self test", "body\n");
    Path file = ReliabilityReport.directory().resolve("99-selftest.md");
    try {
      assertThat(Files.isRegularFile(file.getParent().getParent().getParent().resolve("mvnw")))
          .isTrue();
      assertThat(Files.readString(file)).isEqualTo("## Self test\n\nbody\n");
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void shouldRenderATableAndEscapePipes() {
    String table =
        ReliabilityReport.table(
            List.of("case", "count"), List.of(List.of("a|b", 3), List.of("c", 0)));
    assertThat(table).isEqualTo("| case | count |\n|---|---|\n| a\\|b | 3 |\n| c | 0 |\n");
  }

  @Test
  void shouldRefuseAnIdThatWouldNotSortIntoTheReport() {
    assertThatThrownBy(() -> ReliabilityReport.section("wire", "x", "y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20-wire");
  }
}
