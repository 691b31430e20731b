package io.bdpaas;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the server and the engine module, checked on their compiled production
 * classes: packages are layered without cycles, the local-process backend is reached only through
 * the composition root, and engine and backend code stays plain Java.
 *
 * <p>Intended layering, lowest first: {@code store}, {@code api}, {@code tenancy}, {@code
 * settings}, {@code console}; then {@code account}, then {@code security}; then the domains ({@code
 * catalog}, {@code cluster}). {@code backend} and {@code engine} come from the engine module.
 */
class ArchitectureTest {
  private static final String LOCAL_BACKEND = "io.bdpaas.backend.local..";
  private static final String KUBERNETES_BACKEND = "io.bdpaas.backend.kubernetes..";
  private static final String COMPOSITION_ROOT = "io.bdpaas.BackendConfiguration";

  private static final JavaClasses PRODUCTION_CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // Other modules' test jars (bdpaas-kubernetes' test helpers) are tests too.
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.bdpaas");

  @Test
  void importsServerAndEngineClassesWithoutTests() {
    // Guards the rules below against passing on an import that missed a module.
    assertThat(PRODUCTION_CLASSES.containPackage("io.bdpaas.tenancy")).isTrue();
    assertThat(PRODUCTION_CLASSES.containPackage("io.bdpaas.backend.local")).isTrue();
    assertThat(PRODUCTION_CLASSES.containPackage("io.bdpaas.engine")).isTrue();
    assertThat(PRODUCTION_CLASSES.containPackage("io.bdpaas.testing")).isFalse();
  }

  @Test
  void packagesHaveNoCycles() {
    slices()
        .matching("io.bdpaas.(*)..")
        .namingSlices("package io.bdpaas.$1")
        .should()
        .beFreeOfCycles()
        .because(
            "each package builds only on lower ones (store, api, tenancy, settings, console, then"
                + " account, security, then the domains), so a package can be read, tested and"
                + " changed without the ones above it; a type two packages share moves down to"
                + " the lower one")
        .check(PRODUCTION_CLASSES);
  }

  @Test
  void onlyTheCompositionRootUsesTheLocalBackend() {
    noClasses()
        .that()
        .resideOutsideOfPackage(LOCAL_BACKEND)
        .and(are(not(compositionRoot())))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(LOCAL_BACKEND)
        .because(
            "local processes are one implementation of the ClusterBackend port, picked once at"
                + " start-up by "
                + COMPOSITION_ROOT
                + "; everything else talks to the port, so local types (paths, process ids)"
                + " never reach services or the REST API and a Kubernetes backend can replace them")
        .check(PRODUCTION_CLASSES);
  }

  @Test
  void onlyTheCompositionRootUsesTheKubernetesBackend() {
    assertThat(PRODUCTION_CLASSES.containPackage("io.bdpaas.backend.kubernetes")).isTrue();
    noClasses()
        .that()
        .resideOutsideOfPackage(KUBERNETES_BACKEND)
        .and(are(not(compositionRoot())))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(KUBERNETES_BACKEND)
        .because(
            "pods are the other implementation of the ClusterBackend port, picked once at start-up"
                + " by "
                + COMPOSITION_ROOT
                + "; fabric8's types never reach services or the REST API")
        .check(PRODUCTION_CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage(KUBERNETES_BACKEND)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8..")
        .because("only the Kubernetes backend speaks to the Kubernetes API")
        .check(PRODUCTION_CLASSES);
  }

  @Test
  void engineAndBackendCodeDoesNotKnowTheWebFramework() {
    noClasses()
        .that()
        .resideInAnyPackage("io.bdpaas.backend..", "io.bdpaas.engine..", "io.bdpaas.reconcile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "org.springdoc..",
            "io.swagger..",
            "jakarta.servlet..",
            "jakarta.ws.rs..",
            "org.thymeleaf..",
            "tools.jackson.databind.annotation..")
        .allowEmptyShould(true) // io.bdpaas.reconcile does not exist yet
        .because(
            "the code that drives engines, backends and reconcile loops is plain Java"
                + " (constructors, records, interfaces), unit-tested without an application"
                + " context, and must not bend to the REST API's wire format")
        .check(PRODUCTION_CLASSES);
  }

  /** The class that wires the backend implementation chosen by configuration, and its members. */
  private static DescribedPredicate<JavaClass> compositionRoot() {
    return DescribedPredicate.describe(
        "the composition root " + COMPOSITION_ROOT,
        javaClass ->
            javaClass.getName().equals(COMPOSITION_ROOT)
                || javaClass.getName().startsWith(COMPOSITION_ROOT + "$"));
  }
}
