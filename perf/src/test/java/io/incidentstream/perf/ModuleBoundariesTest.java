package io.incidentstream.perf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * An {@code internal} package belongs to the module that holds it ({@code
 * io.incidentstream.<module> ..internal..}): other modules reach it through the module's public
 * seams. Checked here, in the module that depends on the most others (domain, streaming and perf
 * itself), on production classes.
 */
@AnalyzeClasses(
    packages = "io.incidentstream",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

  @ArchTest
  static final ArchRule internalPackagesShouldBeUsedOnlyByTheirOwnModule =
      classes()
          .that()
          .resideInAPackage("io.incidentstream..internal..")
          .should(beAccessedOnlyFromTheirOwnModule())
          .because("technology lives behind role interfaces; other modules use public seams");

  @ArchTest
  static final ArchRule onlyTheTracingAdapterShouldKnowOpenTelemetry =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.incidentstream.streaming.tracing.internal..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.opentelemetry..")
          .because("tracing is a port (StreamTracing); OpenTelemetry is one implementation of it");

  /**
   * The rule above goes by package, so it also needs every class to live in its own module's
   * packages: a perf class placed in {@code io.incidentstream.streaming...internal} would pass it.
   */
  @Test
  void perfShouldKeepItsClassesInItsOwnPackages() {
    JavaClasses perf = new ClassFileImporter().importPath(Path.of("target", "classes"));

    assertThat(perf).isNotEmpty();
    assertThat(perf.stream().map(ModuleBoundariesTest::module).distinct())
        .containsExactly("io.incidentstream.perf");
  }

  private static ArchCondition<JavaClass> beAccessedOnlyFromTheirOwnModule() {
    return new ArchCondition<>("be accessed only from their own module") {
      @Override
      public void check(JavaClass internal, ConditionEvents events) {
        String module = module(internal);
        for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
          JavaClass user = dependency.getOriginClass();
          if (!module.equals(module(user))) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /**
   * {@code io.incidentstream.streaming.ws.internal} belongs to {@code io.incidentstream.streaming}.
   */
  static String module(JavaClass type) {
    String[] segments = type.getPackageName().split("\\.");
    return segments.length < 3
        ? type.getPackageName()
        : String.join(".", segments[0], segments[1], segments[2]);
  }
}
