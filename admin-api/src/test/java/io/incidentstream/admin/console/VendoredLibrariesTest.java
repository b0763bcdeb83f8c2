package io.incidentstream.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's vendored libraries are the npm registry's files, byte for byte: each matches its
 * sha256 in {@code console-vendor.sha256} (what {@code console-vendor.sh} fetched and checked),
 * nothing unlisted sits beside them, and each library carries its licence.
 */
class VendoredLibrariesTest {

  private static final Path SUMS = Path.of("console-vendor.sha256");
  private static final Path VENDOR = Path.of("src/main/resources/console/vendor");

  @Test
  void shouldMatchTheCommittedChecksums() throws Exception {
    Map<Path, String> expected = checksums();

    assertThat(expected).isNotEmpty();
    for (Map.Entry<Path, String> entry : expected.entrySet()) {
      assertThat(sha256(entry.getKey())).as(entry.getKey().toString()).isEqualTo(entry.getValue());
    }
  }

  @Test
  void shouldListEveryVendoredFileAndALicencePerLibrary() throws Exception {
    Map<Path, String> expected = checksums();
    List<Path> present;
    try (Stream<Path> files = Files.walk(VENDOR)) {
      present = files.filter(Files::isRegularFile).toList();
    }

    assertThat(present).containsExactlyInAnyOrderElementsOf(expected.keySet());
    try (Stream<Path> libraries = Files.list(VENDOR)) {
      for (Path library : libraries.toList()) {
        assertThat(
                Files.exists(library.resolve("LICENSE"))
                    || Files.exists(library.resolve("LICENSE.md")))
            .as("licence of " + library.getFileName())
            .isTrue();
      }
    }
  }

  private static Map<Path, String> checksums() throws IOException {
    Map<Path, String> sums = new LinkedHashMap<>();
    for (String line : Files.readAllLines(SUMS)) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      sums.put(Path.of(parts[1].trim()), parts[0]);
    }
    return sums;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
