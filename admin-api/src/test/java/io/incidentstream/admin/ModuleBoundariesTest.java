package io.incidentstream.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * admin-api reaches the running stream only through the ports in {@code
 * io.incidentstream.domain.port}: none of its production classes touches streaming or Lettuce (its
 * pom depends on domain alone; the tests run the whole server). Netty it uses only for its own
 * {@code /graphql-ws} socket.
 */
class ModuleBoundariesTest {

  private static final JavaClasses ADMIN =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void shouldHoldOnlyAdminClasses() {
    assertThat(ADMIN).isNotEmpty();
    assertThat(ADMIN.stream().map(c -> c.getPackageName()))
        .allMatch(name -> name.startsWith("io.incidentstream.admin"));
  }

  @Test
  void shouldReachTheStreamOnlyThroughDomainPorts() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.incidentstream.streaming..", "io.incidentstream.app..", "io.lettuce..")
            .because("admin-api goes through the domain ports (DESIGN section 11)");
    rule.check(ADMIN);
  }
}
