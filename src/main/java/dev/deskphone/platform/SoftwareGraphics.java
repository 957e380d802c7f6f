package dev.deskphone.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the machine has no GPU, keeps the toolkits from loading OpenGL only to find Mesa's software
 * rasteriser and not use it. Both probe it at start-up: GTK 3 (JavaFX's windowing) asks GLX for its
 * visuals when it opens the display, and Prism first tries its ES2 pipeline. On Mesa without a GPU
 * that loads {@code swrast_dri.so} and with it LLVM for llvmpipe (~45 MB of {@code libLLVM}
 * resident), then Prism's hardware check refuses llvmpipe and falls back to its software pipeline,
 * so the window is painted on the CPU either way. With neither probe those pages are never mapped.
 *
 * <p>"No GPU" is no DRM render node ({@code /dev/dri/renderD*}): every Mesa hardware driver and the
 * proprietary ones come with one, so on such a machine nothing is changed. A value the user set
 * ({@code GDK_GL} in the environment, {@code -Dprism.order}) is left as it is.
 *
 * <p>GTK reads {@code GDK_GL} from the C environment when it initialises, which the JVM cannot
 * change, and the launcher cannot set one; so it is set through libc's {@code setenv} (JNA), which
 * must happen before JavaFX starts GTK, while no other thread reads the environment.
 */
public final class SoftwareGraphics {
    /** GTK 3.24's switch for its GL support; "disable" keeps it from probing GLX (gdk/gdk.c, read by gdk/x11/gdkglcontext-x11.c). */
    static final String GTK_GL_VARIABLE = "GDK_GL";
    /** JavaFX's pipeline order; "sw" alone skips the ES2 probe (com.sun.prism.impl.PrismSettings). */
    static final String PRISM_ORDER_PROPERTY = "prism.order";

    private SoftwareGraphics() {}

    /** What to set: environment variables and system properties, none when the machine has a GPU. */
    record Settings(Map<String, String> environment, Map<String, String> properties) {
        Settings {
            environment = Map.copyOf(environment);
            properties = Map.copyOf(properties);
        }

        boolean none() {
            return environment.isEmpty() && properties.isEmpty();
        }
    }

    /**
     * Sets them for this process, before JavaFX or AWT start. Logs nothing itself (it may run before
     * logging is set up, on the toolkits' thread): the caller logs what it returns.
     *
     * @param env the process's environment (the user's own {@code GDK_GL} is kept)
     * @return what was set, to log; empty when nothing was
     */
    public static Optional<String> applyBeforeToolkits(Map<String, String> env) {
        Settings settings = decide(hasRenderNode(Path.of("/dev/dri")), env, System::getProperty);
        if (settings.none()) {
            return Optional.empty();
        }
        settings.properties().forEach(System::setProperty);
        settings.environment().forEach(SoftwareGraphics::setNativeEnvironment);
        return Optional.of("No GPU render node: " + settings + " set, so neither GTK nor Prism loads OpenGL");
    }

    private static Logger log() {
        return LoggerFactory.getLogger(SoftwareGraphics.class);
    }

    /** The decision alone: with a render node nothing, else what the user has not set already. */
    static Settings decide(boolean renderNode, Map<String, String> env, Function<String, String> properties) {
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> systemProperties = new LinkedHashMap<>();
        if (!renderNode) {
            if (!env.containsKey(GTK_GL_VARIABLE)) {
                environment.put(GTK_GL_VARIABLE, "disable");
            }
            if (properties.apply(PRISM_ORDER_PROPERTY) == null) {
                systemProperties.put(PRISM_ORDER_PROPERTY, "sw");
            }
        }
        return new Settings(environment, systemProperties);
    }

    /** Whether {@code devDri} holds a DRM render node ({@code renderD128} and up). */
    static boolean hasRenderNode(Path devDri) {
        if (!Files.isDirectory(devDri)) {
            return false;
        }
        try (Stream<Path> nodes = Files.list(devDri)) {
            return nodes.anyMatch(node -> node.getFileName().toString().startsWith("renderD"));
        } catch (IOException e) {
            // Unreadable: assume a GPU may be there, and change nothing.
            log().debug("Cannot list {}: {}", devDri, e.toString());
            return true;
        }
    }

    /** libc's {@code setenv(3)} and {@code getenv(3)}. */
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    /** Sets {@code name} in the C environment unless it is set there already. */
    static void setNativeEnvironment(String name, String value) {
        try {
            LibC libc = Native.load("c", LibC.class);
            if (libc.setenv(name, value, 0) != 0) {
                log().debug("setenv {} failed", name);
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            // Without JNA's native part GTK still probes GL: more memory, the same window.
            log().debug("Cannot set {} ({}): GTK will probe OpenGL", name, e.toString());
        }
    }
}
