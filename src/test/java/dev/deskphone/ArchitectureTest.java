package dev.deskphone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package edges of architecture.md, kept honest. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.deskphone");

    @Test
    void onlyTheBridgeTouchesTheWebView() {
        noClasses().that().resideOutsideOfPackage("dev.deskphone.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene.web..", "netscape.javascript..")
                .check(classes);
    }

    @Test
    void domainPackagesUseNoUiToolkit() {
        noClasses().that().resideInAnyPackage("dev.deskphone.profile..", "dev.deskphone.media..",
                        "dev.deskphone.events..", "dev.deskphone.server..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "netscape..", "picocli..")
                .check(classes);
    }

    @Test
    void configurationDependsOnNothingElseInTheApp() {
        noClasses().that().resideInAPackage("dev.deskphone.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.deskphone.app..", "dev.deskphone.bridge..",
                        "dev.deskphone.media..", "dev.deskphone.events..", "dev.deskphone.server..", "dev.deskphone.cli..")
                .check(classes);
    }

    @Test
    void launchSettingsUseOnlyTheConfigurationFiles() {
        noClasses().that().resideInAPackage("dev.deskphone.settings..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.deskphone.app..", "dev.deskphone.bridge..",
                        "dev.deskphone.media..", "dev.deskphone.events..", "dev.deskphone.server..", "dev.deskphone.cli..",
                        "javafx..", "picocli..")
                .check(classes);
    }

    @Test
    void mediaKnowsNothingOfThePageOrTheApp() {
        noClasses().that().resideInAPackage("dev.deskphone.media..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.deskphone.app..", "dev.deskphone.bridge..",
                        "dev.deskphone.cli..", "dev.deskphone.events..", "dev.deskphone.server..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.deskphone.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void theBridgeDoesNotReachIntoTheApp() {
        noClasses().that().resideInAPackage("dev.deskphone.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.deskphone.app..", "dev.deskphone.cli..",
                        "dev.deskphone.server..", "dev.deskphone.events..")
                .check(classes);
    }

    /** One HTTP client library, in one place: the call events' client of the backend (ADR 0013). */
    @Test
    void onlyTheBackendClientUsesOkHttp() {
        noClasses().that().haveNameNotMatching("dev\\.deskphone\\.events\\.BackendClient(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio..")
                .because("OkHttp is how call events reach the backend; the SIP WebSockets use the JDK's client (ADR 0013)")
                .check(classes);
    }

    @Test
    void theCallEventContractDependsOnNothingElseInTheApp() {
        noClasses().that().resideInAPackage("dev.deskphone.contract..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.deskphone.app..", "dev.deskphone.bridge..",
                        "dev.deskphone.media..", "dev.deskphone.events..", "dev.deskphone.server..", "dev.deskphone.cli..",
                        "dev.deskphone.profile..", "javafx..", "io.javalin..", "okhttp3..")
                .check(classes);
    }
}
