package dev.deskphone.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server-only distribution carries no JavaFX, WebKit, libwebrtc or OkHttp: nothing its entry
 * point reaches, through any chain of the app's classes, may use them (ServerProcessTest runs it
 * without those jars; this names the class at fault when a new dependency creeps in).
 */
class ServerMainArchitectureTest {
    private final JavaClasses app = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.deskphone");

    @Test
    void theServerEntryPointReachesNothingOfTheDesktop() {
        noClasses()
                .that()
                .belongToAnyOf(ServerMain.class)
                .should()
                .transitivelyDependOnClassesThat()
                .resideInAnyPackage(
                        "javafx..", "com.sun.javafx..", "netscape.javascript..", "dev.onvoid.webrtc..", "okhttp3..")
                .check(app);
    }
}
