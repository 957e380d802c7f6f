package dev.deskphone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

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
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.deskphone.bridge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene.web..", "netscape.javascript..")
                .check(classes);
    }

    @Test
    void domainPackagesUseNoUiToolkit() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.deskphone.profile..",
                        "dev.deskphone.media..",
                        "dev.deskphone.events..",
                        "dev.deskphone.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "java.awt..", "netscape..", "picocli..")
                .check(classes);
    }

    @Test
    void configurationDependsOnNothingElseInTheApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.profile..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.app..",
                        "dev.deskphone.bridge..",
                        "dev.deskphone.media..",
                        "dev.deskphone.events..",
                        "dev.deskphone.server..",
                        "dev.deskphone.cli..")
                .check(classes);
    }

    @Test
    void launchSettingsUseOnlyTheConfigurationFiles() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.settings..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.app..",
                        "dev.deskphone.bridge..",
                        "dev.deskphone.media..",
                        "dev.deskphone.events..",
                        "dev.deskphone.server..",
                        "dev.deskphone.cli..",
                        "javafx..",
                        "picocli..")
                .check(classes);
    }

    @Test
    void mediaKnowsNothingOfThePageOrTheApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.media..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.app..",
                        "dev.deskphone.bridge..",
                        "dev.deskphone.cli..",
                        "dev.deskphone.events..",
                        "dev.deskphone.server..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.deskphone.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void theBridgeDoesNotReachIntoTheApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.bridge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.app..",
                        "dev.deskphone.cli..",
                        "dev.deskphone.server..",
                        "dev.deskphone.events..")
                .check(classes);
    }

    /** One HTTP client library, in one place: the call events' client of the backend (ADR 0013). */
    @Test
    void onlyTheBackendClientUsesOkHttp() {
        noClasses()
                .that()
                .haveNameNotMatching("dev\\.deskphone\\.events\\.BackendClient(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("okhttp3..", "okio..")
                .because(
                        "OkHttp is how call events reach the backend; the SIP WebSockets use the JDK's client (ADR 0013)")
                .check(classes);
    }

    @Test
    void theCallEventContractDependsOnNothingElseInTheApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.contract..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.app..",
                        "dev.deskphone.bridge..",
                        "dev.deskphone.media..",
                        "dev.deskphone.events..",
                        "dev.deskphone.server..",
                        "dev.deskphone.cli..",
                        "dev.deskphone.profile..",
                        "javafx..",
                        "io.javalin..",
                        "okhttp3..")
                .check(classes);
    }

    /**
     * Each package's allowed neighbours: {@code cli} parses the command line and starts {@code app},
     * which wires the feature packages; features reach down to {@code media}, {@code profile} and
     * {@code contract}, never sideways into the window unless they are the window.
     */
    @Test
    void eachPackageReachesOnlyItsNeighbours() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("dev.deskphone.cli..")
                .layer("app")
                .definedBy("dev.deskphone.app..")
                .layer("accounts")
                .definedBy("dev.deskphone.accounts..")
                .layer("audio")
                .definedBy("dev.deskphone.audio..")
                .layer("bridge")
                .definedBy("dev.deskphone.bridge..")
                .layer("calls")
                .definedBy("dev.deskphone.calls..")
                .layer("contract")
                .definedBy("dev.deskphone.contract..")
                .layer("desktop")
                .definedBy("dev.deskphone.desktop..")
                .layer("events")
                .definedBy("dev.deskphone.events..")
                .layer("instance")
                .definedBy("dev.deskphone.instance..")
                .layer("media")
                .definedBy("dev.deskphone.media..")
                .layer("platform")
                .definedBy("dev.deskphone.platform..")
                .layer("profile")
                .definedBy("dev.deskphone.profile..")
                .layer("ringing")
                .definedBy("dev.deskphone.ringing..")
                .layer("server")
                .definedBy("dev.deskphone.server..")
                .layer("settings")
                .definedBy("dev.deskphone.settings..")
                .layer("sip")
                .definedBy("dev.deskphone.sip..")
                .layer("state")
                .definedBy("dev.deskphone.state..")
                .whereLayer("cli")
                .mayOnlyAccessLayers(
                        "app", "calls", "events", "instance", "platform", "profile", "server", "settings", "sip")
                .whereLayer("app")
                .mayOnlyAccessLayers(
                        "accounts",
                        "audio",
                        "bridge",
                        "calls",
                        "desktop",
                        "events",
                        "instance",
                        "media",
                        "platform",
                        "profile",
                        "ringing",
                        "server",
                        "settings",
                        "sip",
                        "state")
                .whereLayer("accounts")
                .mayOnlyAccessLayers("platform")
                .whereLayer("audio")
                .mayOnlyAccessLayers("media", "state", "platform")
                .whereLayer("bridge")
                .mayOnlyAccessLayers("platform")
                .whereLayer("calls")
                .mayOnlyAccessLayers("media", "platform")
                .whereLayer("contract")
                .mayOnlyAccessLayers("platform")
                .whereLayer("desktop")
                .mayOnlyAccessLayers("accounts", "bridge", "ringing", "state", "platform")
                .whereLayer("events")
                .mayOnlyAccessLayers("contract", "platform")
                .whereLayer("instance")
                .mayOnlyAccessLayers("calls", "platform")
                .whereLayer("media")
                .mayOnlyAccessLayers("platform")
                .whereLayer("platform")
                .mayNotAccessAnyLayer()
                .whereLayer("profile")
                .mayOnlyAccessLayers("platform")
                .whereLayer("ringing")
                .mayOnlyAccessLayers("contract", "media", "platform")
                .whereLayer("server")
                .mayOnlyAccessLayers("contract", "platform")
                .whereLayer("settings")
                .mayOnlyAccessLayers("profile", "platform")
                .whereLayer("sip")
                .mayOnlyAccessLayers("events", "profile", "platform")
                .whereLayer("state")
                .mayOnlyAccessLayers("media", "platform")
                .check(classes);
    }

    /**
     * The neutral helpers every package may use (threads, atomic files, XDG directories, stop
     * signals) use nothing of the app's and no toolkit, so using them adds no edge.
     */
    @Test
    void thePlatformHelpersDependOnNothingElseInTheApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.deskphone.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.deskphone.accounts..",
                        "dev.deskphone.app..",
                        "dev.deskphone.audio..",
                        "dev.deskphone.bridge..",
                        "dev.deskphone.calls..",
                        "dev.deskphone.cli..",
                        "dev.deskphone.contract..",
                        "dev.deskphone.desktop..",
                        "dev.deskphone.events..",
                        "dev.deskphone.instance..",
                        "dev.deskphone.media..",
                        "dev.deskphone.profile..",
                        "dev.deskphone.ringing..",
                        "dev.deskphone.server..",
                        "dev.deskphone.settings..",
                        "dev.deskphone.sip..",
                        "dev.deskphone.state..",
                        "javafx..",
                        "java.awt..",
                        "picocli..",
                        "io.javalin..",
                        "okhttp3..")
                .check(classes);
    }

    /** Only the JDK's unsupported signal API's one user reaches {@code sun.misc}, and only by reflection. */
    @Test
    void nothingUsesSunMiscDirectly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("sun.misc..")
                .check(classes);
    }

    /** Only the command line writes to the terminal; everything else logs through SLF4J. */
    @Test
    void onlyTheCommandLineWritesToTheStandardStreams() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.deskphone.cli..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .check(classes);
    }

    /** The one HTTP client lives with the forwarder that posts call events. */
    @Test
    void okHttpStaysInTheEventsPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.deskphone.events..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("okhttp3..")
                .check(classes);
    }

    /**
     * JavaFX (and AWT, for the tray) only where the desktop is drawn or started: start-up wiring,
     * the window and tray, the ringing alerts (FX thread, {@code AudioClip}) and the bridge.
     */
    @Test
    void onlyTheDesktopPackagesUseJavaFx() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.deskphone.app..",
                        "dev.deskphone.desktop..",
                        "dev.deskphone.ringing..",
                        "dev.deskphone.bridge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "java.awt..")
                .check(classes);
    }
}
