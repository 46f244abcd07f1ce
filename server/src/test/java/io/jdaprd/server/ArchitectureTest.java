package io.jdaprd.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the house made mechanical: which module may see which, that protocol types stay out of the runtime,
 * that components see only the SPI, and that no package cycle appears. Runs over the main classes of every module
 * (the server's class path holds them all).
 */
class ArchitectureTest {
  private static final String[] WIRE = {"com.linecorp.armeria..", "io.grpc..", "com.google.protobuf..",
      "com.google.rpc..", "io.dapr.."};
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jdaprd");
    assertThat(classes.stream().map(JavaClass::getPackageName).distinct().count())
        .as("every module's packages are on the class path").isGreaterThan(40);
  }

  @Test
  void runtimeAndSpiSpeakNoWireProtocol() {
    check(noClasses().that().resideInAnyPackage("io.jdaprd.core..", "io.jdaprd.spi..", "io.jdaprd.golang..")
        .should().dependOnClassesThat().resideInAnyPackage(WIRE)
        .because("core and spi are protocol-neutral: Armeria, gRPC and protobuf belong to the adapters"));
  }

  @Test
  void httpAdapterSpeaksNoGrpc() {
    check(noClasses().that().resideInAPackage("io.jdaprd.api.http..").should().dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "com.google.protobuf..", "io.dapr..", "io.jdaprd.api.grpc..")
        .because("the HTTP adapter parses, calls core and renders; it needs no gRPC types"));
  }

  @Test
  void grpcAdapterDoesNotUseItsSiblings() {
    check(noClasses().that().resideInAPackage("io.jdaprd.api.grpc..").should().dependOnClassesThat()
        .resideInAnyPackage("io.jdaprd.api.http..", "io.jdaprd.appchannel..")
        .because("adapters depend on core only, never on a sibling adapter"));
  }

  @Test
  void layersPointOneWay() {
    check(noClasses().that().resideInAnyPackage("io.jdaprd.spi..", "io.jdaprd.core..", "io.jdaprd.errors..",
        "io.jdaprd.golang..").should().dependOnClassesThat().resideInAnyPackage("io.jdaprd.api..",
        "io.jdaprd.server..", "io.jdaprd.appchannel..", "io.jdaprd.components..")
        .because("dependencies point spi <- core <- adapters <- server"));
    check(noClasses().that().resideInAnyPackage("io.jdaprd.spi..", "io.jdaprd.golang..", "io.jdaprd.errors..")
        .should().dependOnClassesThat().resideInAPackage("io.jdaprd.core..")
        .because("the SPI, the error model and Go compatibility sit below the runtime"));
  }

  @Test
  void componentsSeeOnlyTheSpi() {
    check(noClasses().that().resideInAPackage("io.jdaprd.components..").should().dependOnClassesThat()
        .resideInAnyPackage("io.jdaprd.core..", "io.jdaprd.api..", "io.jdaprd.server..", "io.jdaprd.appchannel..",
            "io.jdaprd.errors..", "io.jdaprd.proto..")
        .because("a component implements the SPI with its own client library and nothing of the runtime"));
    check(slices().matching("io.jdaprd.components.(*)..").should().notDependOnEachOther()
        .because("each component module stands alone"));
  }

  @Test
  void placementStandsApartFromTheRuntime() {
    check(noClasses().that().resideInAPackage("io.jdaprd.placement..").should().dependOnClassesThat()
        .resideInAnyPackage("io.jdaprd.core..", "io.jdaprd.spi..", "io.jdaprd.api..", "io.jdaprd.server..",
            "io.jdaprd.messaging..", "io.jdaprd.components..")
        .because("the placement service and its client speak only the placement protocol (proto and gRPC)"));
  }

  @Test
  void goCompatibilityStandsAlone() {
    check(classes().that().resideInAPackage("io.jdaprd.golang..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.jdaprd.golang..", "java..",
            "com.fasterxml.jackson..")
        .because("the golang module is JDK and Jackson only, usable from every other module"));
  }

  @Test
  void noPackageCycles() {
    check(slices().matching("io.jdaprd.(**)").should().beFreeOfCycles());
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
