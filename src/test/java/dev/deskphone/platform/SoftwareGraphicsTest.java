package dev.deskphone.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a GPU render node GTK's and Prism's GL probes are turned off; with one, nothing changes. */
class SoftwareGraphicsTest {
    @TempDir
    Path devDri;

    @Test
    void withoutARenderNodeBothProbesAreTurnedOff() {
        SoftwareGraphics.Settings settings = SoftwareGraphics.decide(false, Map.of(), name -> null);

        assertThat(settings.environment()).containsExactly(Map.entry("GDK_GL", "disable"));
        assertThat(settings.properties()).containsExactly(Map.entry("prism.order", "sw"));
    }

    @Test
    void withARenderNodeNothingIsSet() {
        SoftwareGraphics.Settings settings = SoftwareGraphics.decide(true, Map.of(), name -> null);

        assertThat(settings.none()).isTrue();
        assertThat(settings.environment()).isEmpty();
        assertThat(settings.properties()).isEmpty();
    }

    @Test
    void theUsersOwnValuesAreKept() {
        SoftwareGraphics.Settings settings = SoftwareGraphics.decide(
                false, Map.of("GDK_GL", "always"), name -> name.equals("prism.order") ? "es2,sw" : null);

        assertThat(settings.none()).isTrue();
    }

    @Test
    void aRenderNodeIsFoundByItsName() throws IOException {
        assertThat(SoftwareGraphics.hasRenderNode(devDri)).isFalse();
        Files.createFile(devDri.resolve("card0")); // a display-only node (KMS), not a GPU to render on
        assertThat(SoftwareGraphics.hasRenderNode(devDri)).isFalse();
        Files.createFile(devDri.resolve("renderD128"));
        assertThat(SoftwareGraphics.hasRenderNode(devDri)).isTrue();
    }

    @Test
    void noDevDriMeansNoRenderNode() {
        assertThat(SoftwareGraphics.hasRenderNode(devDri.resolve("absent"))).isFalse();
    }

    @Test
    void theVariableReachesTheCEnvironmentWithoutOverwritingIt() {
        SoftwareGraphics.LibC libc = Native.load("c", SoftwareGraphics.LibC.class);
        String name = "DESKPHONE_SOFTWARE_GRAPHICS_TEST";

        SoftwareGraphics.setNativeEnvironment(name, "first");
        SoftwareGraphics.setNativeEnvironment(name, "second");

        assertThat(libc.getenv(name)).isEqualTo("first");
    }
}
