package dev.deskphone.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The server's layering: the HTTP classes are the only ones that know Javalin. */
class ServerArchitectureTest {
    private final JavaClasses server = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.deskphone.server");

    @Test
    void onlyTheHttpLayerUsesJavalin() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.server")
                .and()
                .doNotBelongToAnyOf(
                        CallsController.class,
                        OpsController.class,
                        HttpApi.class,
                        BearerAuth.class,
                        AccessLog.class,
                        JsonBodies.class,
                        Responses.class,
                        BackendServer.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.javalin..")
                .check(server);
    }

    @Test
    void theServerUsesNoOtherDeskphonePackageButTheContract() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.server")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.app..",
                        "dev.deskphone.bridge..",
                        "dev.deskphone.media..",
                        "dev.deskphone.events..",
                        "dev.deskphone.profile..",
                        "dev.deskphone.cli..")
                .check(server);
    }
}
