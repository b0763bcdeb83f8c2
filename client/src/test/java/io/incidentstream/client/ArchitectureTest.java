package io.incidentstream.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The client is plain Java: the JDK (with {@code java.net.http}), the {@code domain} module and the
 * JSON library domain already uses. No Micronaut, no Netty, nothing of the server.
 */
@AnalyzeClasses(
    packages = "io.incidentstream.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule clientShouldDependOnlyOnTheJdkDomainAndJackson =
      classes()
          .that()
          .resideInAPackage("io.incidentstream.client..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "javax.net..",
              "io.incidentstream.client..",
              "io.incidentstream.domain..",
              "com.fasterxml.jackson.core..",
              "org.jspecify.annotations..")
          .because("the client runs in any Java 17 application, without the server's stack");
}
