package io.incidentstream.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain module stays framework-free and I/O-free (DESIGN section 1). */
@AnalyzeClasses(
    packages = "io.incidentstream.domain",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domainShouldNotDependOnFrameworksOrTransports =
      noClasses()
          .that()
          .resideInAPackage("io.incidentstream.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.micronaut..", "io.netty..", "io.lettuce..", "reactor..", "io.opentelemetry..")
          .because("domain is usable from a plain Java client, a test or JMH");

  @ArchTest
  static final ArchRule onlyTheWireFormatShouldUseJackson =
      noClasses()
          .that()
          .resideInAPackage("io.incidentstream.domain..")
          .and()
          .resideOutsideOfPackages(
              "io.incidentstream.domain.protocol..", "io.incidentstream.domain.json..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.fasterxml.jackson..")
          .because("the JSON codec is the one place that knows the wire format");
}
